"""``RestApiSource``: a paginated JSON API over HTTP (stdlib urllib), one partition per page.

Options:
  url          endpoint; the page number is added as ?<page_param>=N          [required]
  schema       "name:type,..." (sample_kit/arrow.py): no request at infer time [required]
  pages        number of pages; when absent, page 1's "total_pages" field says
  page_param   query parameter carrying the page number                      [page]
  items_key    key of the record list in a page object (a bare list works too) [items]
  timeout      seconds per request                                           [30]
  token        secret: sent as "Authorization: Bearer <token>", never shown in messages

Pushdown: ``columns`` -> only those fields are converted; ``filters`` ->
evaluated column-wise over the page (``linq2pyarrow.filters.filter_pydict``);
``limit`` -> at most that many matching records of the page.  The API is assumed to paginate only, so a page is
always fetched whole.

Errors: HTTP errors and timeouts raise ``RestSourceError`` naming the URL
(query secrets masked) and the HTTP status.
"""
import json
import socket
import urllib.error
import urllib.request
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from linq2pyarrow.filters import columns_of, filter_pydict, normalize_filters
from sample_kit.arrow import batch_from_columns, parse_schema_option, project, to_arrow_schema
from sample_kit.secrets import safe_url
from sample_kit.values import convert_records, parser_for


class RestSourceError(RuntimeError):
    """A request failed (HTTP status, timeout, unreachable host or non-JSON body)."""


def _page_url(url, param, page):
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, True) if k != param] + [(param, str(page))]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


class RestApiSource:
    """Paginated JSON over HTTP."""

    def _get(self, options, page):
        url = options.get("url")
        if not url:
            raise ValueError("option 'url' is required, e.g. https://api.example.com/items")
        target = _page_url(url, options.get("page_param") or "page", page)
        request = urllib.request.Request(target, headers={"Accept": "application/json"})
        if options.get("token"):
            request.add_header("Authorization", f"Bearer {options['token']}")
        timeout = float(options.get("timeout") or 30)
        shown = safe_url(target)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            exc.close()  # the error carries the open response
            raise RestSourceError(f"GET {shown} failed: HTTP {exc.code} {exc.reason}") from None
        except (socket.timeout, TimeoutError):
            raise RestSourceError(f"GET {shown} timed out after {timeout:g} s (option 'timeout')") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise RestSourceError(f"GET {shown} timed out after {timeout:g} s (option 'timeout')") from None
            raise RestSourceError(f"GET {shown} failed: {exc.reason}") from None
        try:
            return json.loads(body)
        except ValueError:
            raise RestSourceError(f"GET {shown} did not return JSON") from None

    def _specs(self, options):
        if not options.get("schema"):
            raise ValueError("option 'schema' is required, e.g. schema=id:int64,name:string")
        return parse_schema_option(options["schema"])

    def infer_schema(self, options):
        return to_arrow_schema(self._specs(options))

    def plan_partitions(self, options, *, filters=None):
        pages = options.get("pages")
        if not pages:
            first = self._get(options, 1)
            pages = first.get("total_pages") if isinstance(first, dict) else None
            if pages is None:
                raise ValueError("set option 'pages': page 1 has no 'total_pages' field")
        return [{"page": n} for n in range(1, int(pages) + 1)]

    def read_partition(self, partition_spec, options, *, columns=None, filters=None, limit=None):
        specs = self._specs(options)
        output, filters = project(specs, columns), normalize_filters(filters)
        page = self._get(options, partition_spec["page"])
        items = page if isinstance(page, list) else page.get(options.get("items_key") or "items", [])
        needed = {s.name for s in output} | columns_of(filters)
        parsers = {s.name: parser_for(s.kind) for s in specs if s.name in needed}
        records = [{name: item.get(name) for name in parsers} for item in items]
        kept = filter_pydict(convert_records(records, parsers), filters)
        if limit is not None:
            kept = {name: values[:limit] for name, values in kept.items()}
        if kept[output[0].name]:
            yield batch_from_columns(output, kept)
