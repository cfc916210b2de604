"""Moderation: the queue, reports, blocked words, rejection templates, merges, offline
contributions and blocked accounts. The rules live in services.py (screening and the queue in
queue.py, which the ideas package calls when something is posted); every action is audited.

The blueprint lives in views.py, so that importing the rules never imports the views."""
