"""``/api/docs``: the API reference as a plain server-rendered page.

drf-spectacular's Swagger UI and Redoc pages load their JavaScript from a CDN; the
product loads nothing from outside.  This page is rendered on the server from the
same OpenAPI document as ``/api/schema`` (so it cannot drift from it): every path
with its operations, parameters, request body, responses and the data types, plus
how to authenticate and how DHIS2 codes map.  Each endpoint is also browsable
(DRF's browsable API, served from the project's own static files) when opened in a
signed-in browser.

Both need a signed-in user, as every page but the login page: the schema (an API
endpoint) answers 401 in the API's JSON to an anonymous request, this page (for
browsers) redirects to the login page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer

from .base import exception_handler
from .dhis2 import PERIOD_FORMATS

METHODS = ["get", "post", "put", "patch", "delete"]


def _type_of(schema: dict, components: dict) -> str:
    if not schema:
        return "bất kỳ"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "oneOf" in schema:
        return " | ".join(_type_of(x, components) for x in schema["oneOf"])
    if "allOf" in schema:
        return " & ".join(_type_of(x, components) for x in schema["allOf"])
    t = schema.get("type", "object")
    if t == "array":
        return f"[{_type_of(schema.get('items', {}), components)}]"
    extra = []
    if "enum" in schema:
        extra.append("một trong: " + ", ".join(str(v) for v in schema["enum"] if v is not None))
    if "format" in schema:
        extra.append(schema["format"])
    if "pattern" in schema:
        extra.append(f"mẫu {schema['pattern']}")
    if schema.get("nullable"):
        extra.append("có thể null")
    return t + (f" ({'; '.join(extra)})" if extra else "")


def _body_type(content: dict, components: dict) -> str:
    if not content:
        return ""
    media = content.get("application/json") or next(iter(content.values()))
    return _type_of(media.get("schema", {}), components)


def build_reference(schema: dict) -> dict:
    components = schema.get("components", {}).get("schemas", {})
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            operations.append({
                "id": op.get("operationId", f"{method}{path}"),
                "method": method.upper(),
                "path": path,
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "tags": op.get("tags", []),
                "parameters": [
                    {"name": prm["name"], "in": prm["in"], "required": prm.get("required", False),
                     "type": _type_of(prm.get("schema", {}), components), "description": prm.get("description", "")}
                    for prm in op.get("parameters", [])
                ],
                "request": _body_type(op.get("requestBody", {}).get("content", {}), components),
                "responses": [
                    {"code": code, "description": r.get("description", ""),
                     "type": _body_type(r.get("content", {}), components)}
                    for code, r in sorted(op.get("responses", {}).items())
                ],
            })
    types = []
    for name, comp in sorted(components.items()):
        required = set(comp.get("required", []))
        types.append({
            "name": name,
            "description": comp.get("description", ""),
            "kind": _type_of(comp, components) if "properties" not in comp else "object",
            "fields": [
                {"name": f, "type": _type_of(fs, components), "required": f in required,
                 "read_only": fs.get("readOnly", False), "description": fs.get("description", "")}
                for f, fs in comp.get("properties", {}).items()
            ],
        })
    return {"info": schema.get("info", {}), "operations": operations, "types": types}


class SchemaView(SpectacularAPIView):
    """``/api/schema``: for signed-in users (token or session); errors in the API's JSON."""

    permission_classes = [IsAuthenticated]

    def get_exception_handler(self):
        return exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400:  # the schema's YAML renderers are for the schema only
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


@login_required
def docs(request: HttpRequest) -> HttpResponse:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    context = build_reference(schema)
    context.update({
        "period_formats": PERIOD_FORMATS,
        "breadcrumbs": [{"label": "Tài liệu API", "url": ""}],
    })
    return render(request, "api/docs.html", context)
