"""sample_plugin_note

Revision ID: 0001_sample
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_sample"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sample_plugin_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_unit_id"], ["org_unit.id"], name="fk_sample_plugin_note_org_unit_id_org_unit"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sample_plugin_note"),
    )
    op.create_index("ix_sample_plugin_note_org_unit_id", "sample_plugin_note", ["org_unit_id"])


def downgrade() -> None:
    op.drop_index("ix_sample_plugin_note_org_unit_id", table_name="sample_plugin_note")
    op.drop_table("sample_plugin_note")
