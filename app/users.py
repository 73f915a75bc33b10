"""Creating users with their tiers and organisation nodes (CLI and demo)."""
from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models.org import OrgNode
from app.models.user import PantauUser


class UserError(ValueError):
    """The user cannot be created as asked; the message says why."""


def create_user(username, first_name, last_name, email, password, role_names, org_codes):
    """Create one active user; every role and node must exist. Returns the user (not committed)."""
    sm = current_app.appbuilder.sm
    if not role_names:
        raise UserError("Minimal satu peran wajib diisi (--role).")
    if len(password or "") < 8:
        raise UserError("Kata sandi minimal 8 karakter.")
    if db.session.execute(select(PantauUser.id).where(PantauUser.username == username)).first():
        raise UserError(f"Nama pengguna {username!r} sudah dipakai.")
    if db.session.execute(select(PantauUser.id).where(PantauUser.email == email)).first():
        raise UserError(f"Surel {email!r} sudah dipakai.")
    roles = []
    for name in role_names:
        role = sm.find_role(name)
        if role is None:
            raise UserError(f"Peran {name!r} tidak dikenal. Pilihan: {', '.join(r.name for r in sm.get_all_roles())}")
        roles.append(role)
    nodes = []
    for code in org_codes:
        node = db.session.execute(select(OrgNode).where(OrgNode.code == code.strip().upper())).scalar_one_or_none()
        if node is None:
            raise UserError(f"Kode organisasi {code!r} tidak ditemukan.")
        nodes.append(node)
    if not nodes and current_app.config["AUTH_ROLE_ADMIN"] not in role_names:
        raise UserError("Pengguna selain Admin Sistem wajib memiliki organisasi (--org); tanpa itu ia tidak melihat apa pun.")
    user = PantauUser(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        active=True,
        password=generate_password_hash(
            password,
            method=current_app.config.get("FAB_PASSWORD_HASH_METHOD", "scrypt"),
        ),
        roles=roles,
        org_nodes=nodes,
    )
    db.session.add(user)
    db.session.flush()
    return user
