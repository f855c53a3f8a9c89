"""Tests of tasks.employees."""
