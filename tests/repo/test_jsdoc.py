"""JSDoc types in JavaScript: what a comment says, and what callers makes of it."""

from __future__ import annotations

from pathlib import Path

from rlm_code.repo import Repo
from rlm_code.repo.extract import extract_facts
from rlm_code.repo.jsdoc import JSDoc, read_jsdoc
from tests.conftest import write_files


def test_a_comment_gives_parameter_and_return_types_as_typescript_writes_them() -> None:
    comment = """/**
     * Add an option.
     *
     * @param {Option} option
     * @param {string} [name=x] - the name
     * @param {Object} opts
     * @param {string} opts.flag   a property, not a parameter
     * @param {...Foo} rest
     * @param {?Bar} bar
     * @arg {Array.<Baz>} list
     * @param {{a: number}} inline
     * @return {Command} `this` command for chaining
     */"""
    assert read_jsdoc(comment) == JSDoc(
        {
            "option": "Option",
            "name": "string",
            "opts": "Object",
            "rest": "Foo[]",
            "bar": "Bar",
            "list": "Array<Baz>",
            "inline": "{a:number}",
        },
        "Command",
    )


def test_only_a_doc_comment_with_a_type_says_anything() -> None:
    assert read_jsdoc("// @param {X} y") is None
    assert read_jsdoc("/* @param {X} y */") is None
    assert read_jsdoc("/** Just words. @see other */") is None


def test_the_types_bind_the_parameters_of_the_function_after_the_comment() -> None:
    source = b"""class Command {
  /**
   * @param {Option} option
   * @return {Command}
   */
  addOption(option, other) { return this; }
}
/** @param {Help} help */
export function format(help = null) {}
/** @returns {Command} */
Command.prototype.make = function (a) {};
/** @param {Foo} x */
const go = (x) => x.go();
/** @param {Foo} shadow */
function typedTwice(shadow) { shadow = make(); }
"""
    facts = extract_facts("javascript", source)
    typed = {(b.scope, b.target): b.value for b in facts.bindings if b.kind == "type"}
    assert typed == {
        ("Command.addOption", "option"): "Option",
        ("format", "help"): "Help",
        ("go", "x"): "Foo",
        ("typedTwice", "shadow"): "Foo",
    }
    returns = {d.qualname: d.returns for d in facts.definitions if d.returns}
    assert returns == {"Command.addOption": "Command", "Command.make": "Command"}


def test_callers_follow_jsdoc_types(tmp_path: Path) -> None:
    # commander: `@param {Option} option` then `option.name()`, where Argument and Command
    # have a `name()` as well; `@return {Command}` on `_helpCommand()`.
    write_files(
        tmp_path,
        {
            "option.js": "class Option {\n  name() {}\n}\nclass Argument {\n  name() {}\n}\n"
            "module.exports = { Option, Argument };\n",
            "command.js": "const { Option } = require('./option');\n"
            "class Command {\n  name() {}\n"
            "  /** @return {Command} */\n  helpCommand() {\n    return new Command();\n  }\n"
            "  /**\n   * @param {Option} option\n   */\n  addOption(option, other) {\n"
            "    option.name();\n    other.name();\n    this.helpCommand().name();\n  }\n}\n",
        },
    )
    with Repo(tmp_path) as repo:
        sites = repo.callers("Option.name", include_name_matches=True).callers
        assert [(c.path, c.line, c.confidence) for c in sites] == [
            ("command.js", 12, "exact"),
            ("command.js", 13, "name"),
        ]
        sites = repo.callers("Command.name").callers
        assert [(c.path, c.line, c.confidence) for c in sites] == [("command.js", 14, "exact")]
