"""Tests of tasks.people."""
