"""Background work of the matching app (django-tasks): embeddings and the gap assessment."""

from django_tasks import task

from scdt.matching.services import documents, gap


@task()
def embed_documents_task(document_ids: list[int]) -> dict:
    return {"embedded": documents.embed_documents(document_ids)}


@task()
def assess_gap_task() -> dict:
    return gap.assess_all()
