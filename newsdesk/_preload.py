"""Imported by the worker pool's fork server: load the models once, before workers are forked from it."""

from newsdesk.pipeline import warm_up

warm_up()
