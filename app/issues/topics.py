"""The topic of each complaint: its category's topic, else a suggestion learned from staff choices; staff decide.

A pass of the scheduler (``topic_pass``, also ``flask issues suggest-topics``) does three things per instansi:
it gives an instansi without topics the defaults (app/issues/defaults.py), gives every complaint whose category maps
to a topic that topic, and suggests a topic for every complaint that still has none. Suggestions come from a
classifier trained in the pass itself, per instansi, on the complaints whose topic a person chose (through a category
or on the complaint page) plus one document per topic made of its seed words, so it suggests from day one. A staff
choice weighs more than a category's, so a correction changes later suggestions. Nothing is downloaded: the stop
words come with ``stopwordsiso`` and the stemmer with ``PySastrawi``.

A web request never trains or suggests; the complaint page only shows the stored topic and records a staff choice
(``set_topic``), which the session's audit hook writes to the trail like any row change. Suggestions are written
with plain UPDATEs and are not audited: they are the system's guess, marked as such on the complaint.
"""
import functools
import logging
import re
from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import and_, exists, or_, select, update

from app.extensions import db
from app.issues.defaults import ensure_default_topics
from app.models.complaints import Complaint, ComplaintCategory
from app.models.issues import IssueTopic, TopicSource
from app.models.org import OrgLevel, OrgNode

log = logging.getLogger("pantau.issues")

WORD = re.compile(r"[^\W\d_]{2,}")
# The newest examples of each topic a classifier learns from, staff choices first: enough to learn an instansi's
# wording, few enough that a pass stays fast with a million complaints.
EXAMPLES_PER_TOPIC = 5000
# How much one example counts: a person looked at a staff choice; a category is chosen at intake, often loosely.
WEIGHTS = {TopicSource.STAFF.value: 5.0, TopicSource.CATEGORY.value: 1.0}
SEED_WEIGHT = 2.0
BATCH = 2000


@functools.lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@functools.lru_cache(maxsize=1)
def _stop_words():
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords("id"))


@functools.lru_cache(maxsize=200_000)
def stem(word):
    """The root of one lowercase Indonesian word (Sastrawi takes about a millisecond a word, hence the cache)."""
    return _stemmer().stem(word)


def terms(text, keep=frozenset()):
    """The stems of ``text`` without stop words (those in ``keep`` are kept), then each pair of neighbouring stems."""
    stop = _stop_words()
    stems = [stem(word) for word in WORD.findall((text or "").lower()) if word in keep or word not in stop]
    return stems + [f"{first} {second}" for first, second in zip(stems, stems[1:])]


def complaint_text(title, content):
    return f"{title or ''}\n{content or ''}"


class TopicModel:
    """A classifier of one instansi's complaints into its active topics, trained on staff and category choices."""

    def __init__(self, topics, examples):
        """``topics``: the active IssueTopic rows; ``examples``: (text, topic id, weight) of the chosen complaints."""
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.naive_bayes import ComplementNB

        # A topic's own seed words are never dropped as stop words (e.g. "lama" of "antrean lama").
        keep = frozenset(word for topic in topics for word in WORD.findall((topic.keywords or "").lower()))
        self.vectorizer = CountVectorizer(analyzer=functools.partial(terms, keep=keep))
        seeds = [(f"{topic.name}\n{topic.keywords or ''}", topic.id, SEED_WEIGHT) for topic in topics]
        texts, labels, weights = zip(*(seeds + list(examples)))
        self.classifier = ComplementNB(alpha=0.3)
        self.classifier.fit(self.vectorizer.fit_transform(texts), labels, sample_weight=list(weights))
        self.examples = len(texts) - len(seeds)

    def suggest(self, texts):
        """The topic id suggested for each text; None for a text without one word the model knows."""
        matrix = self.vectorizer.transform(texts)
        known = matrix.getnnz(axis=1) > 0
        return [int(topic_id) if has_words else None
                for topic_id, has_words in zip(self.classifier.predict(matrix), known)]


def active_topics(instansi_id):
    return db.session.execute(
        select(IssueTopic).where(IssueTopic.org_id == instansi_id, IssueTopic.active.is_(True)).order_by(IssueTopic.id)
    ).scalars().all()


def training_examples(topic_ids, cap=EXAMPLES_PER_TOPIC):
    """(text, topic id, weight) of the newest complaints whose topic a person chose, at most ``cap`` per topic."""
    examples = []
    for topic_id in topic_ids:
        room = cap
        for source in (TopicSource.STAFF.value, TopicSource.CATEGORY.value):
            if room <= 0:
                break
            rows = db.session.execute(
                select(Complaint.title, Complaint.content)
                .where(Complaint.topic_id == topic_id, Complaint.topic_source == source)
                .order_by(Complaint.received_at.desc()).limit(room)
            ).all()
            examples.extend((complaint_text(title, content), topic_id, WEIGHTS[source]) for title, content in rows)
            room -= len(rows)
    return examples


def train(instansi_id):
    """The topic model of an instansi as its data stands now; None when it has no active topic."""
    topics = active_topics(instansi_id)
    if not topics:
        return None
    return TopicModel(topics, training_examples([topic.id for topic in topics]))


def add_default_topics(instansi_id=None):
    """Give each instansi (or the one given) that has no topic at all the default topics; returns how many rows."""
    query = select(OrgNode.id).where(
        OrgNode.level == OrgLevel.INSTANSI, ~exists().where(IssueTopic.org_id == OrgNode.id))
    if instansi_id is not None:
        query = query.where(OrgNode.id == instansi_id)
    added = sum(ensure_default_topics(org_id) for org_id in db.session.execute(query).scalars().all())
    db.session.commit()
    return added


def apply_category_topics(instansi_id):
    """Give the complaints of an instansi their category's topic (never over a staff choice), and open to suggestion
    again those whose category no longer names one. Returns (complaints given the category's, complaints released)."""
    category_topic = (select(ComplaintCategory.topic_id).where(ComplaintCategory.id == Complaint.category_id)
                      .scalar_subquery())
    with_topic = select(ComplaintCategory.id).where(ComplaintCategory.org_id == instansi_id,
                                                    ComplaintCategory.topic_id.is_not(None))
    not_staff = or_(Complaint.topic_source.is_(None), Complaint.topic_source != TopicSource.STAFF.value)
    given = db.session.execute(
        update(Complaint)
        .where(Complaint.instansi_id == instansi_id, Complaint.category_id.in_(with_topic), not_staff,
               or_(Complaint.topic_id.is_(None), Complaint.topic_id != category_topic,
                   Complaint.topic_source != TopicSource.CATEGORY.value))
        .values(topic_id=category_topic, topic_source=TopicSource.CATEGORY.value)
        .execution_options(synchronize_session=False)
    ).rowcount
    released = db.session.execute(
        update(Complaint)
        .where(Complaint.instansi_id == instansi_id, Complaint.topic_source == TopicSource.CATEGORY.value,
               or_(Complaint.category_id.is_(None), Complaint.category_id.not_in(with_topic)))
        .values(topic_id=None, topic_source=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return given, released


def _open_to_suggestion(again):
    """Complaints a suggestion may be written on: without a topic, and with ``again`` those suggested before."""
    if again:
        return or_(Complaint.topic_id.is_(None), Complaint.topic_source == TopicSource.SUGGESTED.value)
    return Complaint.topic_id.is_(None)


def suggest_topics(instansi_id, model=None, batch=BATCH, limit=None, again=False):
    """Write a suggested topic on the complaints of an instansi that have none (with ``again``: also on those whose
    topic was suggested, after corrections), ``batch`` at a time with a commit each. Returns (suggested, unknown):
    how many got a topic, and how many had no word the model knows and keep none."""
    open_rows = and_(Complaint.instansi_id == instansi_id, _open_to_suggestion(again))
    if not db.session.execute(select(exists().where(open_rows))).scalar():
        return 0, 0
    model = model or train(instansi_id)
    if model is None:
        return 0, 0
    suggested = unknown = 0
    last_id = 0
    while limit is None or suggested + unknown < limit:
        size = batch if limit is None else min(batch, limit - suggested - unknown)
        rows = db.session.execute(
            select(Complaint.id, Complaint.title, Complaint.content)
            .where(open_rows, Complaint.id > last_id).order_by(Complaint.id).limit(size)
        ).all()
        if not rows:
            break
        last_id = rows[-1].id
        by_topic = defaultdict(list)
        for row, topic_id in zip(rows, model.suggest([complaint_text(row.title, row.content) for row in rows])):
            if topic_id is None:
                unknown += 1
            else:
                by_topic[topic_id].append(row.id)
        for topic_id, ids in by_topic.items():
            # The condition again: a staff choice saved while this batch was being read is kept.
            suggested += db.session.execute(
                update(Complaint).where(Complaint.id.in_(ids), _open_to_suggestion(again))
                .values(topic_id=topic_id, topic_source=TopicSource.SUGGESTED.value)
                .execution_options(synchronize_session=False)
            ).rowcount
        db.session.commit()
    return suggested, unknown


def topic_pass(instansi_id=None, batch=BATCH, limit=None, again=False):
    """The scheduler's pass over every instansi (or one): default topics, category topics, suggestions. Counts."""
    counts = {"instansi": 0, "default_topics": add_default_topics(instansi_id), "from_category": 0, "released": 0,
              "suggested": 0, "unknown": 0}
    query = select(OrgNode.id).where(OrgNode.level == OrgLevel.INSTANSI).order_by(OrgNode.id)
    if instansi_id is not None:
        query = query.where(OrgNode.id == instansi_id)
    for org_id in db.session.execute(query).scalars().all():
        given, released = apply_category_topics(org_id)
        suggested, unknown = suggest_topics(org_id, batch=batch, limit=limit, again=again)
        counts["instansi"] += 1
        counts["from_category"] += given
        counts["released"] += released
        counts["suggested"] += suggested
        counts["unknown"] += unknown
    if counts["suggested"] or counts["from_category"]:
        log.info("topic pass: %s", counts)
    return counts


def set_topic(complaint, topic):
    """Record a member of staff's topic for the complaint (a confirmation or a change): it is the complaint's topic
    from now on and an example the suggestions learn from. The caller commits; the audit hook records who."""
    if topic is None:
        raise ValueError(_("Pilih topik."))
    if topic.org_id != complaint.instansi_id:
        raise ValueError(_("Topik itu bukan milik instansi pengaduan ini."))
    if not topic.active:
        raise ValueError(_("Topik %(name)s tidak aktif lagi.", name=topic.name))
    complaint.topic = topic
    complaint.topic_source = TopicSource.STAFF.value
