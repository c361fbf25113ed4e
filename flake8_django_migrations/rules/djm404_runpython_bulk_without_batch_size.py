"""A data migration sends a whole table's rows in one `bulk_update` or `bulk_create` statement.

## What it does
Flags `<Model>.objects.bulk_update(...)` and `<Model>.objects.bulk_create(...)` in a
`RunPython` callable, outside any loop, without `batch_size`; also through any other manager
of a model from `apps.get_model(...)` (`Article.all_objects.bulk_create(...)`).

## Why is this bad?
Without `batch_size`, Django sends every object in as few statements as the database allows:
on PostgreSQL, one `INSERT` with all the rows, or for `bulk_update` one `UPDATE` with a `CASE`
of one branch per object and field. With a table's worth of objects the statement takes
hundreds of megabytes to build and parse, runs for minutes holding the locks of every row it
touches, and can exhaust the memory of the database server or of the process running
`migrate`.

## Example
```python
from django.db import migrations


def prices_to_cents(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    products = list(Product.objects.all())
    for product in products:
        product.price_cents = round(product.price * 100)
    Product.objects.bulk_update(products, ["price_cents"])


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_product_price_cents")]

    operations = [
        migrations.RunPython(prices_to_cents, migrations.RunPython.noop),
    ]
```

## Use instead
Give a `batch_size` (and stream the rows, see DJM403):
```python
from django.db import migrations


def prices_to_cents(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    products = []
    for product in Product.objects.all().iterator(chunk_size=1000):
        product.price_cents = round(product.price * 100)
        products.append(product)
    Product.objects.bulk_update(products, ["price_cents"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_product_price_cents")]

    operations = [
        migrations.RunPython(prices_to_cents, migrations.RunPython.noop),
    ]
```

## What it does not flag
- Calls with `batch_size` (by keyword or position), or with `**kwargs` that may carry it.
- Calls inside a loop body (the list is batched by hand), and the flush of that same list
  after such a loop; also calls in a function nested in the callable that a loop calls
  (`def flush(): ...bulk_create(queue)`, then `if len(queue) >= 1000: flush()`).
- Lists of a known small size: a list or tuple display, a comprehension over literals or
  module-level literal constants (a few default rows), or a variable bound to one.
- Calls on anything but a manager or queryset chain (`<Model>.objects...`).

## Options
None.

## References
- [Django: bulk_create](https://docs.djangoproject.com/en/stable/ref/models/querysets/#bulk-create)
- [Django: bulk_update](https://docs.djangoproject.com/en/stable/ref/models/querysets/#bulk-update)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Body,
    Context,
    Fix,
    Migration,
    Rule,
    Violation,
    Visit,
    add_keyword,
    calls_at,
    has_star_args,
    has_star_kwargs,
    keyword_map,
    report,
)

CODE = "DJM404"
NAME = "runpython-bulk-without-batch-size"
MESSAGE = "`{function}`: `{model}.objects.{method}()` without `batch_size`"

# The position of `batch_size` among each method's positional parameters.
_BATCH_SIZE_POSITION = {"bulk_create": 1, "bulk_update": 2}
_DISPLAYS = (ast.List, ast.Tuple, ast.Set)
_GROW = frozenset({"append", "extend", "insert", "add"})


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    return _violations(migration, ctx)


def _violations(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for _, body in ctx.runpython.all_bodies():
        flushed = _flushed_in_loops(body)
        for visit in body.visits:
            found = _unbatched(body, visit, flushed)
            if found is None:
                continue
            assert isinstance(found.func, ast.Attribute)  # for mypy: `_unbatched` checked it
            model = body.manager_chain(found.func.value)
            label = model.label if model is not None else "?"
            message = MESSAGE.format(function=body.name, model=label, method=found.func.attr)
            yield report(found, CODE, message)


def _bulk_call(body: Body, node: ast.AST) -> ast.Call | None:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    if node.func.attr not in _BATCH_SIZE_POSITION:
        return None
    return node if body.manager_chain(node.func.value) is not None else None


def _flushed_in_loops(body: Body) -> set[str]:
    """Names of the lists a loop body passes to `bulk_*`: the batches made by hand."""
    names = set()
    for visit in body.visits:
        call = _bulk_call(body, visit.node) if visit.loops else None
        if call is not None and call.args and isinstance(call.args[0], ast.Name):
            names.add(call.args[0].id)
    return names


def _unbatched(body: Body, visit: Visit, flushed: set[str]) -> ast.Call | None:
    call = _bulk_call(body, visit.node)
    if call is None or visit.loops or not call.args:
        return None
    assert isinstance(call.func, ast.Attribute)  # for mypy: `_bulk_call` checked it
    if "batch_size" in keyword_map(call) or has_star_kwargs(call):
        return None
    if len(call.args) > _BATCH_SIZE_POSITION[call.func.attr] or has_star_args(call):
        return None
    rows = call.args[0]
    if isinstance(rows, ast.Name) and rows.id in flushed:
        return None
    if _in_helper_called_in_loop(body, call):
        return None
    return None if _small(body, rows) else call


def _in_helper_called_in_loop(body: Body, call: ast.Call) -> bool:
    """The call is in a function nested in the body that a loop of the body calls
    (`def flush(): ...bulk_create(queue)`, then `if len(queue) > 1000: flush()`): the list
    is batched by hand."""
    node = body.parents.get(id(call))
    while node is not None and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        node = body.parents.get(id(node))
    if node is None:
        return False
    name = node.name
    return any(
        visit.loops
        and isinstance(visit.node, ast.Call)
        and isinstance(visit.node.func, ast.Name)
        and visit.node.func.id == name
        for visit in body.visits
    )


def _small(body: Body, rows: ast.expr, depth: int = 0) -> bool:
    """A list whose size the file shows to be small: a display, a comprehension over
    displays, or a name bound once to either and grown only in loops over displays."""
    if isinstance(rows, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
        return all(_display(body, g.iter) for g in rows.generators)
    if isinstance(rows, ast.Name) and depth == 0:
        values = body.bindings.get(rows.id, ())
        value = values[0] if len(values) == 1 else None
        return (
            value is not None and _small(body, value, depth + 1) and _grown_by_hand(body, rows.id)
        )
    return _display(body, rows)


def _grown_by_hand(body: Body, name: str) -> bool:
    """Every `append`/`extend` of the list runs at most once per element of a display."""
    for visit in body.visits:
        node = visit.node
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
            continue
        if node.value.id != name or node.attr not in _GROW:
            continue
        if not all(loop.iter is not None and _display(body, loop.iter) for loop in visit.loops):
            return False
    return True


def _display(body: Body, node: ast.expr) -> bool:
    """A list, tuple, set, dict or string literal, directly or through a module constant
    (`.items()`, `.keys()`, `.values()` of one too): its size is written in the file."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        dict_view = node.func.attr in ("items", "keys", "values") and not node.args
        return dict_view and _display(body, node.func.value)
    if isinstance(node, ast.Name) and node.id not in body.bindings:
        node = body.migration.constants.get(node.id, node)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Dict):
        return None not in node.keys
    return isinstance(node, _DISPLAYS) and not any(
        isinstance(e, ast.Starred) for e in getattr(node, "elts", ())
    )


def fix(migration: Migration, ctx: Context, violation: Violation) -> Fix | None:
    """`batch_size=<djm-fix-batch-size>` added as the call's last argument."""
    calls = calls_at(migration, violation.line, violation.col, _BATCH_SIZE_POSITION)
    keyword = f"batch_size={ctx.settings.fix_batch_size}"
    edits = add_keyword(migration, calls[0], keyword) if len(calls) == 1 else None
    return Fix(edits) if edits else None


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
    fix=fix,
    fix_kind="safe",
)
