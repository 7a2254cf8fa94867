"""The pages of the web application: home per role, programme dashboard, indicator page,
commune table (and its Excel export), indicator catalogue.

Every view that takes a unit code resolves it with ``accounts.scope.get_unit_or_404``
(a unit outside the user's scope answers 404), and the units listed on a page (child
units, communes) are narrowed to the readable ones with one query.  Figures come from
one ``Engine`` per request.  A request made by HTMX (``HX-Request``) gets the partial
template that the page swaps in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from openpyxl import Workbook

from accounts.models import Role
from accounts.scope import assigned_units, can_read, get_unit_or_404, home_unit, is_admin, readable_units, role_of
from bacthang.lib.xlsx import write_sheet
from datavalues.models import DataValue
from engine.rollup import Engine, Margin
from indicators.models import Group, Indicator
from indicators.visibility import for_unit_q, indicators_for_unit
from periods.codes import TERM
from periods.models import Period
from programmes.models import Programme, Target
from units.models import Level, Unit

from . import figures as F
from . import grid as G
from .workflow import approvals_for, form_completeness, forms_due_for


def _htmx(request: HttpRequest) -> bool:
    """A fragment request from HTMX (not a boosted link, not a history restore, which need the page)."""
    h = request.headers
    return h.get("HX-Request") == "true" and h.get("HX-Boosted") != "true" \
        and h.get("HX-History-Restore-Request") != "true"


def _render(request: HttpRequest, page: str, fragment: str, ctx: dict) -> HttpResponse:
    response = render(request, fragment if _htmx(request) else page, ctx)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _readable(user, units: list[Unit]) -> list[Unit]:
    """The units of ``units`` the user may read (one query)."""
    if is_admin(user) or not units:
        return units
    ok = set(readable_units(user).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
    return [u for u in units if u.pk in ok]


def _year_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("nam", "")
    if not raw:
        return None
    if not raw.isdigit() or not 2000 <= int(raw) <= dt.date.today().year + 10:
        raise Http404("Năm không hợp lệ.")
    return int(raw)


def _link(url_name: str, *args) -> str | None:
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return None


# Pages of the other apps a role starts from; shown only once those apps provide them.
SHORTCUTS = {
    Role.COMMUNE_OFFICER: [("Nhập số liệu", "collection:index"), ("Sổ đăng ký", "registries:index"),
                           ("Báo cáo", "reports:index")],
    Role.DISTRICT_OFFICER: [("Duyệt số liệu", "collection:index"), ("Kiểm tra số liệu", "collection:validation"),
                            ("Báo cáo", "reports:index"), ("Sổ đăng ký", "registries:index"),
                            ("Hỗ trợ", "support:index"), ("Công trình", "works:index")],
    Role.PROVINCE_OFFICER: [("Duyệt số liệu", "collection:index"), ("Báo cáo", "reports:index"),
                            ("Vốn", "capital:index"), ("Sự cố", "incidents:index"),
                            # forms, validation rules, programmes and targets (accounts.admin_access)
                            ("Biểu mẫu, chương trình, mục tiêu", "admin:index")],
    Role.LEADER: [("Báo cáo", "reports:index")],
    Role.ADMIN: [("Nhập số liệu", "collection:index"), ("Báo cáo", "reports:index")],
}


def _shortcuts(role: str | None) -> list[dict]:
    out = []
    for label, name in SHORTCUTS.get(role, []):
        url = _link(name)
        if url:
            out.append({"label": label, "url": url})
    return out


# ---------------------------------------------------------------------- home
@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    role = role_of(user)
    unit = home_unit(user)
    units = assigned_units(user)
    ctx: dict = {"role": role, "units": units, "home_unit": unit, "breadcrumbs": [], "shortcuts": _shortcuts(role)}
    if unit is None:
        return render(request, "web/home.html", ctx)
    engine = Engine()
    if role == Role.COMMUNE_OFFICER:
        ctx["forms_due"] = forms_due_for(user, units)
        ctx["communes"] = [_commune_panel(engine, u) for u in sorted(units, key=lambda u: u.code)]
    else:
        ctx["dashboard"] = F.build_dashboard(unit, None, None, None, engine)
        if role in (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER):
            ctx["approvals"] = approvals_for(user)
            ctx["form_progress"] = form_completeness(unit)
            ctx["completeness"] = _completeness(user, unit, ctx["dashboard"].year)
    return render(request, "web/home.html", ctx)


def _commune_panel(engine: Engine, unit: Unit) -> dict:
    """A commune officer's unit: its targets with progress and its latest stored figures."""
    targets = list(Target.objects.filter(unit=unit).filter(for_unit_q(unit, "indicator__")).select_related(
        "indicator", "indicator__disaggregation", "option", "unit", "period", "programme", "programme__term"))
    this_year = dt.date.today().year
    year = F.latest_year_with_data(unit) or max((t.period.year for t in targets if t.period.year <= this_year),
                                                default=this_year)
    cards = F.cards_for_targets(engine, targets, year) if targets else []
    stored = list(DataValue.objects.filter(unit=unit).filter(for_unit_q(unit, "indicator__"))
                  .select_related("indicator", "option", "period")
                  .order_by("-period__end", "indicator__sort_order", "option__sort_order")[:25])
    figures = [{
        "label": F.label_of(v.indicator, v.option), "period": v.period, "value": v.value,
        "measure": v.indicator.measure,
        "url": F.indicator_url(v.indicator.code, unit.code, v.period.code, v.option.code if v.option else None),
    } for v in stored]
    return {"unit": unit, "cards": cards, "year": year, "figures": figures,
            "table_url": F.commune_table_url(unit.code)}


def _completeness(user, unit: Unit, year: int) -> dict:
    """How many of the unit's communes have figures for the year (one query for the counts)."""
    period = Period.objects.for_code(str(year))
    structure = F.default_structure(period)
    communes = _readable(user, F.units_in_structure(unit, structure, communes=True))
    counts = {row["unit_id"]: row for row in DataValue.objects.filter(unit__in=communes, period__year=year)
              .values("unit_id").annotate(n=Count("id"), k=Count("indicator", distinct=True))}
    rows = [{"unit": c, "values": counts.get(c.pk, {}).get("n", 0), "indicators": counts.get(c.pk, {}).get("k", 0)}
            for c in communes]
    done = sum(1 for r in rows if r["values"])
    return {"year": year, "rows": rows, "done": done, "total": len(rows),
            "percent": Decimal(done * 100) / len(rows) if rows else None,
            "table_url": F.commune_table_url(unit.code, ky=str(year))}


# ---------------------------------------------------------------------- dashboard
@login_required
def dashboard_home(request: HttpRequest) -> HttpResponse:
    unit = home_unit(request.user)
    if unit is None:
        raise Http404("Tài khoản chưa được giao đơn vị.")
    return redirect(F.dashboard_url(unit.code))


@login_required
def dashboard(request: HttpRequest, unit_code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, unit_code)
    try:
        board = F.build_dashboard(unit, _year_param(request), request.GET.get("ct") or None,
                                  request.GET.get("nhom") or None)
    except LookupError:
        raise Http404("Chương trình không áp dụng cho đơn vị này.") from None
    name = unit.name_on(dt.date(board.year, 12, 31))  # the name in force in the year shown
    ctx = {"board": board, "unit": unit, "unit_name": name,
           "breadcrumbs": [*_unit_crumbs(request.user, unit, lambda u: F.dashboard_url(u.code, board.year)),
                           {"label": f"Tổng quan {name}", "url": ""}]}
    return _render(request, "web/dashboard.html", "web/_dashboard_body.html", ctx)


def _unit_crumbs(user, unit: Unit, url_for, from_unit: Unit | None = None) -> list[dict]:
    """The unit's readable ancestors (and the unit the user came from across the reform)."""
    crumbs = [{"label": a.name, "url": url_for(a)} for a in unit.ancestors() if can_read(user, a)]
    if from_unit is not None and not from_unit.contains(unit):
        crumbs.append({"label": from_unit.name, "url": url_for(from_unit)})
    return crumbs


# ---------------------------------------------------------------------- indicator page
@login_required
def indicator(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    user = request.user
    unit = get_unit_or_404(user, unit_code)
    # Another province's own indicator is answered as one that does not exist.
    ind = indicators_for_unit(unit, Indicator.objects.filter(code=code).select_related("disaggregation")).first()
    if ind is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    engine = Engine()
    ind = engine.indicator(ind)
    try:
        option = engine.option(ind, request.GET.get("phan-to") or None)
    except KeyError:
        raise Http404("Nhóm không thuộc chỉ tiêu.") from None
    margin = isinstance(option, Margin)  # "all gà" of a crossed breakdown: no target is set for it
    ky = request.GET.get("ky") or ""
    period = F.period_or_none(ky) if ky else None
    if ky and period is None:
        raise Http404("Kỳ không hợp lệ.")
    if period is None:
        year = F.latest_year_with_data(unit, [ind.pk]) or dt.date.today().year
        period = engine.period(str(year))
    else:
        period = engine.period(period)
    structure = F.pick_structure(request.GET.get("co-cau"), period)
    engine.use_structure(structure)  # the figure agrees with the rows of the structure shown
    programme = request.GET.get("ct") or None
    from_unit = None
    if request.GET.get("tu"):
        candidate = Unit.objects.filter(code=request.GET["tu"]).first()
        if candidate is not None and can_read(user, candidate):
            from_unit = candidate

    result = engine.value(ind, unit, period, option)
    children = _readable(user, F.units_in_structure(unit, structure))
    targets = {} if margin else F.targets_for(ind, option, period, [unit, *children], programme)
    opt_code = option.code if option else None

    def link(u: Unit, **kw) -> str:
        args = {"period": period.code, "option": opt_code, "structure": structure, "programme": programme}
        args.update(kw)
        return F.indicator_url(ind.code, u.code, **args)

    rows = []
    for child in children:
        across = not unit.contains(child)
        rows.append(F.UnitRow(child, engine.value(ind, child, period, option), targets.get(child.pk),
                              link(child, from_unit=unit.code if across else None)))
    sort = request.GET.get("sap-xep", "")
    descending = request.GET.get("chieu") == "giam"
    rows = F.sort_rows(rows, sort, descending)

    def sort_link(key: str) -> str:
        desc = not descending if sort == key else key != "ten"
        return link(unit, from_unit=from_unit.code if from_unit else None) + \
            f"&sap-xep={key}&chieu={'giam' if desc else 'tang'}"

    table = {
        "rows": rows, "sort": sort, "descending": descending, "structure": structure,
        "structures": [{"key": k, "label": v, "url": link(unit, structure=k,
                                                          from_unit=from_unit.code if from_unit else None),
                        "active": k == structure} for k, v in F.STRUCTURES.items()],
        "child_level": _child_level_label(unit, structure, rows),
        "total": result, "unit": unit, "target": targets.get(unit.pk), "measure": ind.measure,
        "period": period, "option": option,
        "headers": [{"key": k, "label": label, "cls": cls, "url": sort_link(k)}
                    for k, label, cls in [("ten", "Đơn vị", ""), ("gia-tri", f"Số liệu ({ind.measure})", "num"),
                                          ("muc-tieu", "Mục tiêu", "num"), ("ty-le", "% đạt", "num")]],
    }
    total_row = F.UnitRow(unit, result, targets.get(unit.pk), "")
    table["total_percent"] = total_row.percent
    table["total_bar"] = total_row.bar_width
    if request.GET.get("format") == "xlsx":
        return _indicator_xlsx(ind, unit, period, option, rows, total_row)
    if _htmx(request):
        return _render(request, "web/indicator.html", "web/_children_table.html", {"table": table, "indicator": ind})

    years = list(range(F.FIRST_YEAR, max(dt.date.today().year, period.year) + 1))
    year_targets = {} if margin else {t.period.year: t.value for t in Target.objects.filter(
        indicator=ind, option=option, unit=unit, period__period_type="year").select_related("period")}
    series = F.yearly_series(engine, ind, option, unit, years, year_targets)
    title = F.label_of(ind, option)
    option_names = {o.code: o.name for o in engine.options(ind)}
    inputs = [{"result": r, "option": option_names.get(r.option, r.option) if r.option else "Tổng số",
               "period": engine.period(r.period).name} for r in result.stored_inputs()]
    period_choices = [str(y) for y in F.year_choices([period.year])]
    terms = sorted({p.term.code for p in Programme.objects.exclude(term=None).select_related("term")
                    if p.term.period_type == TERM}, reverse=True)
    period_choices += [t for t in terms if t not in period_choices]
    if period.code not in period_choices:
        period_choices.insert(0, period.code)
    margins = F.margin_table(engine, ind, unit, period, lambda code: link(unit, option=code, from_unit=None))
    ctx = {
        "indicator": ind, "option": option, "options": engine.options(ind), "unit": unit, "period": period,
        "margins": margins, "margin_choices": _margin_choices(ind),
        "title": title, "result": result, "table": table, "target": targets.get(unit.pk),
        "chart": F.chart_data(series, ind.measure, f"{title} — {unit.name}"), "series": series,
        "inputs": inputs[:200], "inputs_more": max(0, len(inputs) - 200),
        "discrepancies": result.all_discrepancies()[:50], "explanation": result.explain(depth=2),
        "period_choices": period_choices, "structure": structure, "programme": programme,
        "from_unit": from_unit,
        "dashboard_url": F.dashboard_url(unit.code, period.year if period.period_type != TERM else None, programme),
        "table_url": F.commune_table_url(unit.code, nhom=ind.group, ky=period.code, co_cau=structure),
        "breadcrumbs": [
            *_unit_crumbs(user, unit, lambda u: link(u, structure=None), from_unit),
            {"label": f"{title} — {unit.name}", "url": ""},
        ],
    }
    return _render(request, "web/indicator.html", "web/_children_table.html", ctx)


def _margin_choices(ind: Indicator) -> list[dict]:
    """The margins of a crossed breakdown, by category, for the option picker ("all gà")."""
    d = ind.disaggregation
    if d is None:
        return []
    return [{"label": c.name, "options": [{"code": f"{c.code}:{o.code}", "name": o.name}
                                          for o in c.options.order_by("sort_order", "code")]}
            for c in sorted(d.categories.all(), key=lambda c: c.code)]


def _child_level_label(unit: Unit, structure: str, rows: list) -> str:
    if not rows:
        return "Đơn vị trực thuộc"
    levels = {r.unit.level for r in rows}
    if levels == {Level.DISTRICT}:
        return "Huyện, thành phố"
    if levels == {Level.COMMUNE}:
        return "Xã, phường, thị trấn"
    return "Đơn vị trực thuộc"


# ---------------------------------------------------------------------- commune table
@login_required
def commune_table_home(request: HttpRequest) -> HttpResponse:
    unit = home_unit(request.user)
    if unit is None:
        raise Http404("Tài khoản chưa được giao đơn vị.")
    return redirect(F.commune_table_url(unit.code))


def _grid_context(request: HttpRequest, unit_code: str) -> dict:
    user = request.user
    unit = get_unit_or_404(user, unit_code)
    engine = Engine()
    ky = request.GET.get("ky") or ""
    period = F.period_or_none(ky) if ky else None
    if ky and period is None:
        raise Http404("Kỳ không hợp lệ.")
    forms = G.report_forms(unit)
    form_code = request.GET.get("bieu") or ""
    group = request.GET.get("nhom") or ""
    option_key = request.GET.get("phan-to") or ""
    form = None
    if form_code:
        form = next((f for f in forms if f.code == form_code), None)
        if form is None:
            raise Http404("Không tìm thấy biểu mẫu.")
    elif not group and forms:
        form = forms[0]
    if form is not None:
        columns = G.form_columns(form)
        group = option_key = ""
        options = []
    else:
        if group not in Group.values:
            group = Group.CROPS.value
        options = G.group_options(engine, group, unit)
        if option_key and not any(option_key == k for _, opts in options for k, _ in opts):
            option_key = ""
        columns = G.group_columns(engine, group, option_key, unit)
    indicator_ids = {c.indicator.pk for c in columns}
    if form is not None and form.period_type != "year":
        # A form's periods: those with figures, the one due and the one asked for.
        choices = F.periods_with_data(unit, indicator_ids, form.period_type)
        due = _form_period_due(form)
        if period is None:
            period = choices[0] if choices else due
        for p in ([due] if due else []) + [period]:
            if p is not None and p not in choices:
                choices.append(p)
        period_choices = [(p.code, p.name) for p in sorted(choices, key=lambda p: p.start, reverse=True)]
    else:
        if period is None:
            period = Period.objects.for_code(str(F.latest_year_with_data(unit, indicator_ids)
                                                 or dt.date.today().year))
        period_choices = [(str(y), str(y)) for y in F.year_choices([period.year])]
        if period.code not in dict(period_choices):
            period_choices.insert(0, (period.code, period.name))
    period = engine.period(period)
    structure = F.pick_structure(request.GET.get("co-cau"), period)
    engine.use_structure(structure)
    grid = G.build_grid(engine, unit, period, structure, columns, allowed=lambda us: _readable(user, us))
    params = {"bieu": form.code if form else None, "nhom": group or None, "phan_to": option_key or None,
              "ky": period.code, "co_cau": structure}
    cell_links = [F.indicator_url(c.indicator.code, unit.code, period.code, c.option.code if c.option else None,
                                  structure) for c in columns]
    return {
        "unit": unit, "grid": grid, "forms": forms, "form": form, "groups": Group.choices, "group": group,
        "options": options, "option_key": option_key, "period": period, "structure": structure,
        "structures": F.STRUCTURES, "period_choices": period_choices,
        "columns": list(zip(columns, cell_links, strict=True)),
        "group_label": dict(Group.choices).get(group, ""),
        "xlsx_url": F.commune_table_xlsx_url(unit.code, **params),
        "table_url": F.commune_table_url(unit.code),
    }


def _form_period_due(form) -> Period | None:
    """The form's period whose deadline passed last (the collection app's rule), if it has one."""
    try:
        from collection.completeness import latest_overdue_period
    except ImportError:
        return None
    return latest_overdue_period(form, dt.date.today() + dt.timedelta(days=1))


@login_required
def commune_table(request: HttpRequest, unit_code: str) -> HttpResponse:
    ctx = _grid_context(request, unit_code)
    unit = ctx["unit"]
    ctx["breadcrumbs"] = [*_unit_crumbs(request.user, unit, lambda u: F.commune_table_url(u.code)),
                          {"label": f"Bảng số liệu xã — {unit.name}", "url": ""}]
    return _render(request, "web/commune_table.html", "web/_commune_grid.html", ctx)


@login_required
def commune_table_xlsx(request: HttpRequest, unit_code: str) -> HttpResponse:
    ctx = _grid_context(request, unit_code)
    grid, unit, period = ctx["grid"], ctx["unit"], ctx["period"]
    what = ctx["form"].name if ctx["form"] else dict(Group.choices)[ctx["group"]]
    headers, rows = G.grid_sheet(grid)
    wb = Workbook()
    ws = wb.active
    ws.title = "Bảng số liệu"
    write_sheet(ws, headers, rows, title=f"{what} — {unit.name} — {period.name} "
                                         f"({F.STRUCTURES[grid.structure].lower()})",
                widths=[14, 28] + ([22] if grid.show_parent else []) + [18] * len(grid.columns))
    from io import BytesIO

    buf = BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bang-so-lieu-{unit.code}-{period.code}.xlsx"'
    return response


# ---------------------------------------------------------------------- catalogue
@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    """The indicators the user may see, searched by code or name (case and diacritics
    ignored) and filtered by group; each opens its page for the user's home unit."""
    from . import catalogue as C

    user = request.user
    unit = home_unit(user)
    query = (request.GET.get("q") or "").strip()[:C.MAX_QUERY]
    group = request.GET.get("nhom") or ""
    if group not in Group.values:
        group = ""
    entries = []
    for ind in C.search(user, query, group):
        target = C.page_unit(ind, unit, lambda u: can_read(user, u))
        entries.append(C.Entry(ind, F.indicator_url(ind.code, target.code) if target else ""))
    return render(request, "web/catalogue.html", {
        "sections": C.sections(entries), "count": len(entries), "unit": unit, "query": query, "group": group,
        "groups": Group.choices, "searched": bool(query or group),
        "breadcrumbs": [{"label": "Danh mục chỉ tiêu", "url": ""}]})


@login_required
def search(request):
    """The search box of every page: results as you type (the fragment, for htmx) or a page."""
    from .search import MAX_QUERY, search_all

    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    sections = search_all(request.user, query)
    if request.headers.get("HX-Request"):
        return render(request, "web/_search_results.html", {"query": query, "sections": sections})
    return render(request, "web/search.html", {
        "query": query, "sections": sections, "breadcrumbs": [{"label": "Tìm kiếm", "url": None}],
    })


def _indicator_xlsx(ind, unit, period, option, rows, total_row) -> HttpResponse:
    """The indicator page's table of units as Excel: figures as numbers (an unknown one is an
    empty cell, never 0), the page's order."""
    from bacthang.lib.xlsx import workbook_bytes

    def line(r):
        return [r.unit.code, r.unit.name, r.result.value, r.target.value if r.target else None,
                float(r.percent) if r.percent is not None else None]

    title = ind.name + (f" — {option.name}" if getattr(option, "name", None) else "")
    data = workbook_bytes([(ind.code, [f"{title} ({ind.measure}), {period.name}", "", "", "", ""], [
        ["Mã đơn vị", "Đơn vị", f"Số liệu ({ind.measure})", "Mục tiêu", "% đạt"],
        *[line(r) for r in rows], line(total_row)])])
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{ind.code}_{unit.code}_{period.code}.xlsx"'
    return response
