"""How a training setting is declared, once, in the metadata of its TrainingConfig field: its range,
whether a running network takes it, the `actgui train` option that sets it, and its row in the
Training panel's settings drawer.

    dropout: float = setting(param=DROPOUT, option=CliOption("--dropout"),
                             form=FormRow(NETWORK_GROUP, QT_TRANSLATE_NOOP("TrainingPanel", "Dropout")))

The command line's options, the live settings, the settings that need a new network and the
drawer's rows are all read from these declarations (`declared_settings`, `form_rows`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import MISSING, Field, dataclass, field, fields
from typing import Any

from actgui.core.registry import Param

METADATA_KEY = "setting"


@dataclass(frozen=True)
class CliOption:
    """The `actgui train` option of a setting.

    `help` is marked with QT_TRANSLATE_NOOP("Cli", ...) so the command line can translate it, and
    may name {placeholders} that `help_fields()` fills. The options list in the settings' order,
    except one with `after`, which lists right after the option of the setting it names. An option
    that is not one plain value has `parse(flag, value)` → {setting: value} (raising ValueError for a
    malformed value) and, when it shows a default, `text(default)` that writes it as the option's text.
    """

    flag: str
    help: str | None = None
    metavar: str | None = None
    choices: Sequence[str] | None = None
    value_type: type | None = None  # when neither the range nor the default says it
    repeat: bool = False  # may be given several times (KEY=VALUE)
    parse: Callable[[str, Any], Mapping[str, object]] | None = None
    text: Callable[[Any], str] | None = None
    help_fields: Callable[[], Mapping[str, str]] | None = None
    after: str | None = None

    @property
    def dest(self) -> str:
        """The argparse attribute that holds the option's value."""
        return self.flag.removeprefix("--").replace("-", "_")


#: The settings drawer's groups, in the order it shows them.
DATA_GROUP, NETWORK_GROUP, OPTIMIZER_GROUP, RUN_GROUP = "data", "network", "optimizer", "run"
FORM_GROUPS = (DATA_GROUP, NETWORK_GROUP, OPTIMIZER_GROUP, RUN_GROUP)


@dataclass(frozen=True)
class FormRow:
    """A setting's row in the Training panel's settings drawer: its group (FORM_GROUPS), its label
    and tooltip (marked with QT_TRANSLATE_NOOP("TrainingPanel", ...)); an empty label gives the
    widget the whole row. A setting with a range gets a spin box showing `decimals` decimals (whole
    numbers for an integer range), a yes/no setting a check box; any other setting's widget is made
    by the drawer's group, named `training.<field>`."""

    group: str
    label: str = ""
    tooltip: str | None = None
    decimals: int = 2

    def __post_init__(self) -> None:
        if self.group not in FORM_GROUPS:
            raise ValueError(f"form group '{self.group}' is not one of {', '.join(FORM_GROUPS)}")


@dataclass(frozen=True)
class Setting:
    """What a TrainingConfig field declares: its range (`param`), whether a running network takes
    it (`live`), either its option, the flag of the option that sets it together with others
    (`set_by`, e.g. --channels for channels2), or why the command line does not offer it
    (`no_option`), and its row in the settings drawer (`form`; None: the presenter bar shows it,
    or the panel sets it another way)."""

    param: Param | None = None
    live: bool = False
    option: CliOption | None = None
    set_by: str | None = None
    no_option: str | None = None
    form: FormRow | None = None


def setting(default: Any = MISSING, *, default_factory: Any = MISSING, param: Param | None = None,
            live: bool = False, option: CliOption | None = None, set_by: str | None = None,
            no_option: str | None = None, form: FormRow | None = None) -> Any:
    """A dataclass field declaring a setting; its default is the range's unless given."""
    if default is MISSING and default_factory is MISSING and param is not None:
        default = int(param.default) if param.integer else param.default
    return field(default=default, default_factory=default_factory, metadata={
        METADATA_KEY: Setting(param, live, option, set_by, no_option, form)})


def declaration(item: Field) -> Setting | None:
    """The setting a dataclass field declares, or None for a field declared without `setting`."""
    return item.metadata.get(METADATA_KEY)


def declared_settings(config_class: type) -> Iterator[tuple[Field, Setting]]:
    """(field, setting) for every field of the dataclass declared with `setting`, in field order."""
    for item in fields(config_class):
        declared = declaration(item)
        if declared is not None:
            yield item, declared


def cli_options(config_class: type) -> list[tuple[Field, Setting, CliOption]]:
    """The fields that have an option, in the order the command line lists them."""
    entries = [(item, declared, declared.option) for item, declared in declared_settings(config_class)
               if declared.option is not None]
    ordered = [entry for entry in entries if entry[2].after is None]
    for entry in entries:
        if entry[2].after is not None:
            places = [i for i, (item, _, _) in enumerate(ordered) if item.name == entry[2].after]
            if not places:
                raise ValueError(f"{entry[2].flag}: no option to list it after ('{entry[2].after}')")
            ordered.insert(places[0] + 1, entry)
    return ordered


def form_rows(config_class: type, group: str) -> list[tuple[Field, Setting, FormRow]]:
    """The settings with a row in drawer group `group`, in field order."""
    return [(item, declared, declared.form) for item, declared in declared_settings(config_class)
            if declared.form is not None and declared.form.group == group]
