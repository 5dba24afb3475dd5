"""API paging, in its own module: DRF imports it while loading its generic views."""

from rest_framework import pagination


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000
