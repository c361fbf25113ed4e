"""The shop's models as they stand after its last migration (for reading; never imported)."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models


class Customer(models.Model):
    email = models.EmailField(unique=True)


class Product(models.Model):
    name = models.CharField(max_length=200)
    sku = models.CharField(max_length=32)
    slug = models.SlugField()
    price = models.DecimalField(max_digits=10, decimal_places=2)
    stock = models.PositiveIntegerField(null=True)
    is_active = models.BooleanField(default=True)
    public_id = models.UUIDField(unique=True)

    class Meta:
        db_table = "catalogue_product"
        constraints = [
            models.UniqueConstraint(fields=["sku"], name="product_sku_unique"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="product_price_gte_0"),
        ]


class Order(models.Model):
    buyer = models.ForeignKey(Customer, on_delete=models.PROTECT)
    placed_at = models.DateTimeField(auto_now_add=True)
    total = models.DecimalField(max_digits=12, decimal_places=2, null=True)

    class Meta:
        indexes = [models.Index(fields=["placed_at"], name="order_placed_at_idx")]


class Booking(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    during = DateTimeRangeField()

    class Meta:
        constraints = [
            ExclusionConstraint(
                name="booking_no_overlap",
                expressions=[("product", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
            )
        ]
