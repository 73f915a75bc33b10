"""What an issue topic must satisfy, as a function returning problems (the topic screen calls it)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models.issues import IssueTopic
from app.models.org import OrgLevel
from app.models.skm import STANDARD_CODES


def topic_problems(topic):
    """A topic belongs to an instansi, has a name used once there, and maps to a standard unsur or none."""
    if topic.org is None or topic.org.level != OrgLevel.INSTANSI:
        return [_l("Topik isu harus milik sebuah instansi.")]
    topic.name = (topic.name or "").strip()
    if not topic.name:
        return [_l("Isi nama topik.")]
    query = select(IssueTopic.id).where(IssueTopic.org_id == topic.org.id, IssueTopic.name == topic.name)
    if topic.id is not None:
        query = query.where(IssueTopic.id != topic.id)
    with db.session.no_autoflush:
        if db.session.execute(query).first() is not None:
            return [_l("Topik %(name)s sudah ada.", name=topic.name)]
    if topic.element_code and topic.element_code not in STANDARD_CODES:
        return [_l("Unsur SKM %(code)s tidak dikenal.", code=topic.element_code)]
    return []
