"""The record framework: what every record-keeping app (registries, support, capital,
works, incidents …) stands on, below them and above the data core.

* ``models`` — ``Coverage`` (the one declaration "every record of register R for unit
  U's territory is kept here, from … to …"), funding sources, money and quantity fields;
* ``registers`` — the registers the apps declare (``AppConfig.registers``);
* ``spans`` — dates known only as a span;
* ``territory`` — which units' records count for a unit across the 2025 reform;
* ``actions`` — the refusal type and the action skeleton (scope check → validate →
  write → audit → snapshot);
* ``providers`` — the base of the record-derived indicator providers;
* ``forms`` and ``views`` — shared form fields, page helpers, and the generic list,
  detail, form, import and export views with sorting and pagination;
* ``nav`` — menu entries the apps declare on their AppConfig, read by ``web``.

See ``docs/adding-a-register.md`` for adding a register.
"""
