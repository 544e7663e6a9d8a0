"""Counts the database queries of one request and answers with them in a header (benchmarks only,
see bench/installningar.py). execute_wrapper counts without DEBUG's query log."""

from django.db import connections

HEADER = "X-Bench-Fragor"


class Fragerakning:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        antal = [0]

        def rakna(execute, sql, params, many, context):
            antal[0] += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(rakna):
            response = self.get_response(request)
        response[HEADER] = str(antal[0])
        return response
