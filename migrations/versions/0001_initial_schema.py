"""Initial schema.

Revision ID: 0001
Revises: 
Create Date: 2026-11-24

Users and API tokens, documents and their URLs, annotations and their tags.
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.String(length=22), nullable=False),
    sa.Column('canonical_url', sa.Text(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents'))
    )
    op.create_table('users',
    sa.Column('id', sa.String(length=22), nullable=False),
    sa.Column('username', sa.String(length=32), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('suspended', sa.Boolean(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role IN ('reader', 'contributor', 'moderator', 'admin')", name=op.f('ck_users_role_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('annotations',
    sa.Column('id', sa.String(length=22), nullable=False),
    sa.Column('document_id', sa.String(length=22), nullable=False),
    sa.Column('author_id', sa.String(length=22), nullable=False),
    sa.Column('target_source', sa.Text(), nullable=False),
    sa.Column('motivation', sa.String(length=32), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_language', sa.String(length=35), nullable=True),
    sa.Column('quote_exact', sa.Text(), nullable=False),
    sa.Column('quote_prefix', sa.Text(), nullable=False),
    sa.Column('quote_suffix', sa.Text(), nullable=False),
    sa.Column('position_start', sa.Integer(), nullable=True),
    sa.Column('position_end', sa.Integer(), nullable=True),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('modified', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.DateTime(), nullable=True),
    sa.Column('tag_list', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('moderation_state', sa.String(length=16), nullable=False),
    sa.CheckConstraint("moderation_state IN ('visible', 'pending', 'hidden', 'removed')",
                       name=op.f('ck_annotations_moderation_state_known')),
    sa.CheckConstraint("status IN ('needs_more_ratings', 'helpful', 'not_helpful')",
                       name=op.f('ck_annotations_status_known')),
    sa.CheckConstraint('position_end IS NULL OR position_end >= position_start',
                       name=op.f('ck_annotations_position_ordered')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_annotations_author_id_users'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_annotations_document_id_documents'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotations'))
    )
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.create_index('ix_annotations_author_created', ['author_id', 'created'], unique=False)
        batch_op.create_index('ix_annotations_document_created_id', ['document_id', 'created', 'id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.String(length=22), nullable=False),
    sa.Column('user_id', sa.String(length=22), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('last_used', sa.DateTime(), nullable=True),
    sa.Column('revoked', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index('ix_api_tokens_user_created', ['user_id', 'created'], unique=False)

    op.create_table('document_urls',
    sa.Column('id', sa.String(length=22), nullable=False),
    sa.Column('document_id', sa.String(length=22), nullable=False),
    sa.Column('url_key', sa.String(length=2048), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_urls_document_id_documents'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_urls')),
    sa.UniqueConstraint('url_key', name=op.f('uq_document_urls_url_key'))
    )
    with op.batch_alter_table('document_urls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_urls_document_id'), ['document_id'], unique=False)

    op.create_table('annotation_tags',
    sa.Column('annotation_id', sa.String(length=22), nullable=False),
    sa.Column('tag', sa.String(length=50), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'],
                            name=op.f('fk_annotation_tags_annotation_id_annotations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('annotation_id', 'tag', name=op.f('pk_annotation_tags'))
    )
    with op.batch_alter_table('annotation_tags', schema=None) as batch_op:
        batch_op.create_index('ix_annotation_tags_tag', ['tag'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('annotation_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_annotation_tags_tag')

    op.drop_table('annotation_tags')
    with op.batch_alter_table('document_urls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_urls_document_id'))

    op.drop_table('document_urls')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_api_tokens_user_created')

    op.drop_table('api_tokens')
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.drop_index('ix_annotations_document_created_id')
        batch_op.drop_index('ix_annotations_author_created')

    op.drop_table('annotations')
    op.drop_table('users')
    op.drop_table('documents')
    # What downgrading past 0007 kept for its next upgrade: base is an empty schema.
    op.execute("DROP TABLE IF EXISTS kept_0007_verdicts")
    op.execute("DROP TABLE IF EXISTS kept_0007_feed")
