# Data steps, each with a classic mistake (the comments say which) next to the safe way.
from django.core.management import call_command
from django.db import migrations

from shop.models import Customer


def prices_to_cents(apps, schema_editor):
    """Prices move from euros to cents."""
    Product = apps.get_model("shop", "Product")
    # One UPDATE per row, after loading the whole table into memory.
    for product in Product.objects.all():
        product.price = product.price * 100
        product.save()


def normalize_emails(apps, schema_editor):
    """Emails are compared lower-cased from now on."""
    db_alias = schema_editor.connection.alias
    # Today's `Customer`, not the historical one: breaks once the model changes.
    customers = list(Customer.objects.using(db_alias).iterator())
    for customer in customers:
        customer.email = customer.email.lower()
    # One statement for the whole table.
    Customer.objects.using(db_alias).bulk_update(customers, ["email"])


def archive_purchases(apps, schema_editor):
    """Each purchase is kept as a `Booking` too."""
    Purchase = apps.get_model("shop", "Purchase")
    Booking = apps.get_model("shop", "Booking")
    db_alias = schema_editor.connection.alias
    purchases = Purchase.objects.using(db_alias).order_by("pk")[:1000]
    # `__dict__` carries `_state`: `Booking()` raises TypeError.
    Booking.objects.using(db_alias).bulk_create(
        [Booking(**purchase.__dict__) for purchase in purchases], batch_size=1000
    )


def close_old_orders(apps, schema_editor):
    """Orders of the old checkout are closed."""
    # `Order` was renamed `Purchase` in 0010: LookupError at migrate time.
    Order = apps.get_model("shop", "Order")
    Order.objects.using(schema_editor.connection.alias).update(status="closed")


def load_defaults(apps, schema_editor):
    """The default categories every shop starts with."""
    # Runs today's models (and fixture) against this migration's schema.
    call_command("loaddata", "default_categories")


def hide_sold_out(apps, schema_editor):
    """Sold-out products leave the catalogue."""
    Product = apps.get_model("shop", "Product")
    db_alias = schema_editor.connection.alias
    # A manager method called on the model class: AttributeError.
    Product.filter(stock=0).using(db_alias).update(stock=None)
    # The safe way: through the manager.
    Product.objects.using(db_alias).filter(stock=0).update(stock=None)


def stock_to_zero(apps):
    """Unknown stock counts as none."""
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(stock=None).update(stock=0)


class Migration(migrations.Migration):
    dependencies = [("shop", "0017_drop_columns")]

    operations = [
        migrations.RunPython(prices_to_cents, migrations.RunPython.noop),
        migrations.RunPython(normalize_emails, migrations.RunPython.noop),
        migrations.RunPython(archive_purchases, migrations.RunPython.noop),
        migrations.RunPython(close_old_orders, migrations.RunPython.noop),
        migrations.RunPython(load_defaults, lambda apps, schema_editor: None),
        migrations.RunPython(hide_sold_out, migrations.RunPython.noop),
        # Django calls `stock_to_zero(apps, schema_editor)`: TypeError.
        migrations.RunPython(stock_to_zero, migrations.RunPython.noop),
    ]
