"""The extensions Pantau wires into Flask, created here and initialised in create_app."""
from flask_appbuilder import Model
from flask_appbuilder.models.sqla.base import SQLA
from flask_migrate import Migrate

db = SQLA(model_class=Model)
migrate = Migrate()
