"""jiayuguan_groups: groups' leaders and changes, employment, payroll, visits, trainings, evaluations (J2, J4, J7–J10)

Revision ID: 0001_jiayuguan_groups
Revises: 
"""

from alembic import op
import sqlalchemy as sa


revision = '0001_jiayuguan_groups'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('jiayuguan_groups_training',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('attendance', sa.Integer(), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("audience in ('both', 'committee', 'group')", name=op.f('ck_jiayuguan_groups_training_audience')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_jiayuguan_groups_training_org_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jiayuguan_groups_training'))
    )
    with op.batch_alter_table('jiayuguan_groups_training', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_training_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_training_org_unit_id'), ['org_unit_id'], unique=False)

    op.create_table('jiayuguan_groups_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resident_group_id', sa.Integer(), nullable=False),
    sa.Column('evaluator', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('half', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=20), nullable=False),
    sa.Column('comments', sa.Text(), nullable=False),
    sa.Column('evaluated_on', sa.Date(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("evaluator in ('street', 'committee')", name=op.f('ck_jiayuguan_groups_evaluation_evaluator')),
    sa.CheckConstraint("grade in ('excellent', 'good', 'pass', 'fail')", name=op.f('ck_jiayuguan_groups_evaluation_grade')),
    sa.CheckConstraint('half in (1, 2)', name=op.f('ck_jiayuguan_groups_evaluation_half')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_jiayuguan_groups_evaluation_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['resident_group_id'], ['resident_group.id'], name=op.f('fk_jiayuguan_groups_evaluation_resident_group_id_resident_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jiayuguan_groups_evaluation')),
    sa.UniqueConstraint('resident_group_id', 'evaluator', 'year', 'half', name=op.f('uq_jiayuguan_groups_evaluation_resident_group_id'))
    )
    with op.batch_alter_table('jiayuguan_groups_evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_evaluation_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_evaluation_resident_group_id'), ['resident_group_id'], unique=False)

    op.create_table('jiayuguan_groups_employment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_jiayuguan_groups_employment_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_jiayuguan_groups_employment_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jiayuguan_groups_employment'))
    )
    with op.batch_alter_table('jiayuguan_groups_employment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_employment_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_employment_person_id'), ['person_id'], unique=False)

    op.create_table('jiayuguan_groups_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('household_id', sa.Integer(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('people', sa.Text(), nullable=False),
    sa.Column('places', sa.Text(), nullable=False),
    sa.Column('things', sa.Text(), nullable=False),
    sa.Column('events', sa.Text(), nullable=False),
    sa.Column('organisations', sa.Text(), nullable=False),
    sa.Column('follow_up', sa.Text(), nullable=False),
    sa.Column('followed_up_on', sa.Date(), nullable=True),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind in ('full', 'key')", name=op.f('ck_jiayuguan_groups_visit_kind')),
    sa.ForeignKeyConstraint(['household_id'], ['household.id'], name=op.f('fk_jiayuguan_groups_visit_household_id_household')),
    sa.ForeignKeyConstraint(['member_id'], ['person.id'], name=op.f('fk_jiayuguan_groups_visit_member_id_person')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_jiayuguan_groups_visit_org_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jiayuguan_groups_visit'))
    )
    with op.batch_alter_table('jiayuguan_groups_visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_visit_household_id'), ['household_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_visit_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_visit_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_visit_visited_on'), ['visited_on'], unique=False)

    op.create_table('jiayuguan_groups_group_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('resident_group_id', sa.Integer(), nullable=True),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('street_decided_on', sa.Date(), nullable=True),
    sa.Column('street_decided_by_id', sa.Integer(), nullable=True),
    sa.Column('street_note', sa.Text(), nullable=False),
    sa.Column('city_decided_on', sa.Date(), nullable=True),
    sa.Column('city_decided_by_id', sa.Integer(), nullable=True),
    sa.Column('city_note', sa.Text(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status in ('submitted', 'street_approved', 'approved', 'rejected')", name=op.f('ck_jiayuguan_groups_group_change_status')),
    sa.ForeignKeyConstraint(['city_decided_by_id'], ['user_account.id'], name=op.f('fk_jiayuguan_groups_group_change_city_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_jiayuguan_groups_group_change_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['resident_group_id'], ['resident_group.id'], name=op.f('fk_jiayuguan_groups_group_change_resident_group_id_resident_group')),
    sa.ForeignKeyConstraint(['street_decided_by_id'], ['user_account.id'], name=op.f('fk_jiayuguan_groups_group_change_street_decided_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jiayuguan_groups_group_change'))
    )
    with op.batch_alter_table('jiayuguan_groups_group_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_group_change_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_group_change_resident_group_id'), ['resident_group_id'], unique=False)

    op.create_table('jiayuguan_groups_leader_choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_jiayuguan_groups_leader_choice_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_jiayuguan_groups_leader_choice_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_jiayuguan_groups_leader_choice_position_id_position'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jiayuguan_groups_leader_choice')),
    sa.UniqueConstraint('position_id', name=op.f('uq_jiayuguan_groups_leader_choice_position_id'))
    )
    with op.batch_alter_table('jiayuguan_groups_leader_choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_leader_choice_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_leader_choice_org_unit_id'), ['org_unit_id'], unique=False)

    op.create_table('jiayuguan_groups_payroll_month',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('total', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('line_count', sa.Integer(), nullable=False),
    sa.Column('reopened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reopened_by_id', sa.Integer(), nullable=True),
    sa.Column('reopen_reason', sa.Text(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by_id'], ['user_account.id'], name=op.f('fk_jiayuguan_groups_payroll_month_closed_by_id_user_account')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_jiayuguan_groups_payroll_month_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['reopened_by_id'], ['user_account.id'], name=op.f('fk_jiayuguan_groups_payroll_month_reopened_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jiayuguan_groups_payroll_month')),
    sa.UniqueConstraint('org_unit_id', 'month', name=op.f('uq_jiayuguan_groups_payroll_month_org_unit_id'))
    )
    with op.batch_alter_table('jiayuguan_groups_payroll_month', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_payroll_month_org_unit_id'), ['org_unit_id'], unique=False)

    op.create_table('jiayuguan_groups_payroll_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payroll_month_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('person_name', sa.String(length=50), nullable=False),
    sa.Column('paid_kind', sa.String(length=40), nullable=True),
    sa.Column('years_served', sa.Integer(), nullable=False),
    sa.Column('days_paid', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_jiayuguan_groups_payroll_line_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['payroll_month_id'], ['jiayuguan_groups_payroll_month.id'], name=op.f('fk_jiayuguan_groups_payroll_line_month'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_jiayuguan_groups_payroll_line_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jiayuguan_groups_payroll_line')),
    sa.UniqueConstraint('payroll_month_id', 'person_id', name=op.f('uq_jiayuguan_groups_payroll_line_payroll_month_id'))
    )
    with op.batch_alter_table('jiayuguan_groups_payroll_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_payroll_line_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_payroll_line_payroll_month_id'), ['payroll_month_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jiayuguan_groups_payroll_line_person_id'), ['person_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('jiayuguan_groups_payroll_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_payroll_line_person_id'))
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_payroll_line_payroll_month_id'))
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_payroll_line_org_unit_id'))

    op.drop_table('jiayuguan_groups_payroll_line')
    with op.batch_alter_table('jiayuguan_groups_payroll_month', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_payroll_month_org_unit_id'))

    op.drop_table('jiayuguan_groups_payroll_month')
    with op.batch_alter_table('jiayuguan_groups_leader_choice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_leader_choice_org_unit_id'))
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_leader_choice_meeting_id'))

    op.drop_table('jiayuguan_groups_leader_choice')
    with op.batch_alter_table('jiayuguan_groups_group_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_group_change_resident_group_id'))
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_group_change_org_unit_id'))

    op.drop_table('jiayuguan_groups_group_change')
    with op.batch_alter_table('jiayuguan_groups_visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_visit_visited_on'))
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_visit_org_unit_id'))
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_visit_member_id'))
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_visit_household_id'))

    op.drop_table('jiayuguan_groups_visit')
    with op.batch_alter_table('jiayuguan_groups_employment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_employment_person_id'))
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_employment_org_unit_id'))

    op.drop_table('jiayuguan_groups_employment')
    with op.batch_alter_table('jiayuguan_groups_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_evaluation_resident_group_id'))
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_evaluation_org_unit_id'))

    op.drop_table('jiayuguan_groups_evaluation')
    with op.batch_alter_table('jiayuguan_groups_training', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_training_org_unit_id'))
        batch_op.drop_index(batch_op.f('ix_jiayuguan_groups_training_held_on'))

    op.drop_table('jiayuguan_groups_training')

