"""Run the signing programs the page hands out, in their own languages.

Two ways: ``standalone`` writes the very file a user downloads and runs the very command the
page shows, with the secret typed on its standard input; ``batch`` puts many programs into
one file per language (each program's body becomes a function ``case_N``, its imports and
helpers shared), builds it once and runs it once per secret, so that compiling Go, Java and
C# does not cost a build per case. Both read the program's last line of output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.core.snippets import LANGUAGES, emit_csharp, emit_go, emit_java
from app.core.snippets.ir import SECRET_VARIABLE, Program
from app.core.snippets.source import Parts

#: The commands each language needs, and the Debian packages that provide them
#: (``.ci/ensure-tools`` installs them).
TOOLS: dict[str, tuple[tuple[str, ...], str]] = {
    "python": (("python3",), "python3"),
    "node": (("node",), "nodejs"),
    "webcrypto": (("node",), "nodejs"),
    "go": (("go",), "golang-go"),
    "java": (("java", "javac"), "default-jdk-headless"),
    "php": (("php",), "php-cli"),
    "ruby": (("ruby",), "ruby"),
    "csharp": (("mcs", "mono"), "mono-mcs mono-runtime"),
    "shell": (("sh", "openssl", "od"), "openssl"),
}

#: Languages whose toolchain a Debian release may not package (Mono has left some): where it
#: is missing, its tests say so in the run's summary (``tests/conftest.py``) instead of
#: failing. Every other language's toolchain is required.
OPTIONAL = frozenset({"csharp"})
#: The optional languages found missing in this run, with why: printed in the summary.
UNAVAILABLE: dict[str, str] = {}

MARKER = "=== "
TIMEOUT = 240


def required(language: str) -> bool:
    """Whether ``language``'s tests can run here: ``True`` when its toolchain is present;
    ``False`` for an optional language without one (recorded for the run's summary). A
    required language without one fails, naming the packages to install."""
    reason = missing(language)
    if reason is not None and language in OPTIONAL:
        UNAVAILABLE[language] = reason
        return False
    assert reason is None, reason
    return True


def missing(language: str) -> str | None:
    """Why ``language``'s programs cannot run here, or ``None`` when they can."""
    commands, packages = TOOLS[language]
    absent = [command for command in commands if shutil.which(command) is None]
    if absent:
        return (
            f"{language}: {', '.join(absent)} not found; install the Debian package(s) "
            f"{packages} (bash .ci/ensure-tools does)"
        )
    return None


#: A program's secrets: ``SIGSCOPE_SECRET`` alone, or every variable it reads.
Secrets = str | Mapping[str, str]


def environment(secrets: Secrets) -> dict[str, str]:
    return {SECRET_VARIABLE: secrets} if isinstance(secrets, str) else dict(secrets)


def _run(command: str | list[str], cwd: Path, secrets: Secrets, stdin: str = "") -> str:
    env = {**os.environ, **environment(secrets)}
    env.setdefault("GOCACHE", str(Path(tempfile.gettempdir()) / "sigscope-gocache"))
    completed = subprocess.run(
        command,
        shell=isinstance(command, str),
        executable="/bin/bash" if isinstance(command, str) else None,
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    if completed.returncode != 0:
        raise AssertionError(
            f"{command} failed ({completed.returncode}):\n{completed.stderr[-3000:]}"
        )
    return completed.stdout


def standalone(language: str, program: Program, secrets: Secrets) -> str:
    """The last line the downloaded file prints, run with the command the page shows."""
    variables = program.variables or (SECRET_VARIABLE,)
    return standalone_code(language, LANGUAGES[language].source(program), secrets, variables)


def standalone_code(
    language: str,
    code: str,
    secrets: Secrets,
    variables: tuple[str, ...] = (SECRET_VARIABLE,),
) -> str:
    """The last line ``code`` prints, saved as its language's file and run with its command
    (each secret typed on its standard input, one line each, none in the environment)."""
    lang = LANGUAGES[language]
    given = environment(secrets)
    typed = "".join(given.get(name, "") + "\n" for name in variables)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / lang.filename).write_text(code, encoding="utf-8")
        out = _run(lang.command_for(variables), Path(folder), {}, stdin=typed)
    return out.rstrip("\n").split("\n")[-1]


# --- batches: many programs in one file ---------------------------------------------------


def _indent(parts: Parts, indent: str) -> str:
    return "".join(f"{indent}{line}\n" for text in parts.body for line in text.split("\n"))


def _shared(all_parts: list[Parts]) -> Parts:
    shared = Parts()
    for parts in all_parts:
        shared.need(*parts.imports)
        for helper in parts.helpers:
            shared.helper(helper)
    return shared


def _python(cases: list[Parts]) -> str:
    shared = _shared(cases)
    shared.need("sys")
    out = "".join(f"import {name}\n" for name in sorted(shared.imports))
    for index, parts in enumerate(cases):
        out += f"\n\ndef case_{index}():\n{_indent(parts, '    ')}"
    return out + (
        '\n\nfor name in sys.argv[1:]:\n    print("=== " + name)\n    globals()[name]()\n'
    )


def _node(cases: list[Parts]) -> str:
    shared = _shared(cases)
    out = "".join(f"{line}\n" for line in shared.imports)
    out += "".join(f"\n{helper}\n" for helper in shared.helpers)
    for index, parts in enumerate(cases):
        out += f"\nfunction case_{index}() {{\n{_indent(parts, '  ')}}}\n"
    names = ", ".join(f"case_{index}" for index in range(len(cases)))
    return out + (
        f"const cases = {{ {names} }};\n"
        'for (const name of process.argv.slice(2)) { console.log("=== " + name); cases[name](); }\n'
    )


def _web(cases: list[Parts]) -> str:
    shared = _shared(cases)
    out = "".join(f"\n{helper}\n" for helper in shared.helpers)
    for index, parts in enumerate(cases):
        out += f"\nasync function case_{index}() {{\n{_indent(parts, '  ')}}}\n"
    names = ", ".join(f"case_{index}" for index in range(len(cases)))
    return out + (
        f"const cases = {{ {names} }};\n"
        "for (const name of process.argv.slice(2)) {\n"
        '  console.log("=== " + name);\n  await cases[name]();\n}\n'
    )


def _go(cases: list[Parts]) -> str:
    shared = _shared(cases)
    shared.need("os")
    out = f"package main\n\nimport (\n{emit_go.imports(shared)})\n"
    out += "".join(f"\n{helper}\n" for helper in shared.helpers)
    for index, parts in enumerate(cases):
        out += f"\nfunc case_{index}() {{\n{_indent(parts, chr(9))}}}\n"
    entries = "".join(f'\t"case_{index}": case_{index},\n' for index in range(len(cases)))
    return out + (
        f"\nvar cases = map[string]func(){{\n{entries}}}\n\n"
        "func main() {\n\tfor _, name := range os.Args[1:] {\n"
        '\t\tfmt.Println("=== " + name)\n\t\tcases[name]()\n\t}\n}\n'
    )


def _java(cases: list[Parts]) -> str:
    shared = _shared(cases)
    out = "".join(f"import {name};\n" for name in sorted(shared.imports))
    out += "\npublic class Batch {\n"
    out += "".join(f"\n{helper}\n" for helper in shared.helpers)
    for index, parts in enumerate(cases):
        out += f"\n    static void case_{index}() throws Exception {{\n"
        out += emit_java.body(parts, " " * 8) + "    }\n"
    return out + (
        "\n    public static void main(String[] args) throws Exception {\n"
        "        for (String name : args) {\n"
        '            System.out.println("=== " + name);\n'
        "            Batch.class.getDeclaredMethod(name).invoke(null);\n"
        "        }\n    }\n}\n"
    )


def _php(cases: list[Parts]) -> str:
    shared = _shared(cases)
    out = "<?php\ndeclare(strict_types=1);\n"
    out += "".join(f"\n{helper}\n" for helper in shared.helpers)
    for index, parts in enumerate(cases):
        out += f"\nfunction case_{index}(): void\n{{\n{_indent(parts, '    ')}}}\n"
    return out + (
        'foreach (array_slice($argv, 1) as $name) {\n    echo "=== ", $name, "\\n";\n'
        "    $name();\n}\n"
    )


def _ruby(cases: list[Parts]) -> str:
    shared = _shared(cases)
    out = "".join(f'require "{name}"\n' for name in sorted(shared.imports))
    out += "".join(f"\n{helper}\n" for helper in shared.helpers)
    for index, parts in enumerate(cases):
        out += f"\ndef case_{index}\n{_indent(parts, '  ')}end\n"
    return out + 'ARGV.each do |name|\n  puts "=== " + name\n  send(name)\nend\n'


def _csharp(cases: list[Parts]) -> str:
    shared = _shared(cases)
    shared.need("System.Reflection")
    out = "".join(f"using {name};\n" for name in shared.imports)
    out += "\npublic static class Batch\n{\n"
    out += "".join(f"\n{helper}\n" for helper in shared.helpers)
    for index, parts in enumerate(cases):
        out += f"\n    static void case_{index}()\n    {{\n"
        out += emit_csharp.body(parts, " " * 8) + "    }\n"
    return out + (
        "\n    public static void Main(string[] args)\n    {\n"
        "        foreach (var name in args)\n        {\n"
        '            Console.WriteLine("=== " + name);\n'
        "            typeof(Batch).GetMethod(name, BindingFlags.Static | BindingFlags.NonPublic)"
        ".Invoke(null, null);\n"
        "        }\n    }\n}\n"
    )


def _shell(cases: list[Parts]) -> str:
    out = "set -eu\n" + "".join(f"{helper}\n" for helper in _shared(cases).helpers)
    for index, parts in enumerate(cases):
        out += f"\ncase_{index}() {{\n{_indent(parts, '  ')}}}\n"
    return out + 'for name in "$@"; do\n  echo "=== $name"\n  "$name"\ndone\n'


@dataclass(frozen=True)
class Batch:
    """How to write, build and run many programs of one language at once."""

    filename: str
    write: Callable[[list[Parts]], str]
    build: tuple[str, ...]
    run: tuple[str, ...]


BATCHES: dict[str, Batch] = {
    "python": Batch("batch.py", _python, (), ("python3", "batch.py")),
    "node": Batch("batch.js", _node, (), ("node", "batch.js")),
    "webcrypto": Batch("batch.mjs", _web, (), ("node", "batch.mjs")),
    "go": Batch("batch.go", _go, ("go", "build", "-o", "batch", "batch.go"), ("./batch",)),
    "java": Batch("Batch.java", _java, ("javac", "-d", ".", "Batch.java"), ("java", "Batch")),
    "php": Batch("batch.php", _php, (), ("php", "batch.php")),
    "ruby": Batch("batch.rb", _ruby, (), ("ruby", "batch.rb")),
    "csharp": Batch(
        "Batch.cs", _csharp, ("mcs", "-out:batch.exe", "Batch.cs"), ("mono", "batch.exe")
    ),
    "shell": Batch("batch.sh", _shell, (), ("sh", "batch.sh")),
}


def _segments(output: str) -> dict[str, str]:
    """Each case's last line of output, by case name."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in output.split("\n"):
        if line.startswith(MARKER):
            current = found.setdefault(line[len(MARKER) :], [])
        elif line:
            current.append(line)
    return {name: lines[-1] if lines else "" for name, lines in found.items()}


def batch(language: str, programs: list[tuple[Program, Secrets]]) -> list[str]:
    """The last line each ``(program, secrets)`` prints, in order: one file, one build, one
    run per distinct set of secrets."""
    lang, how = LANGUAGES[language], BATCHES[language]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = how.write([lang.emit(program) for program, _ in programs])
        (folder / how.filename).write_text(source, encoding="utf-8")
        if how.build:
            _run(list(how.build), folder, "")
        printed: dict[str, str] = {}
        groups: dict[tuple[tuple[str, str], ...], list[str]] = {}
        for index, (_, secrets) in enumerate(programs):
            key = tuple(sorted(environment(secrets).items()))
            groups.setdefault(key, []).append(f"case_{index}")
        for key, names in groups.items():
            printed.update(_segments(_run([*how.run, *names], folder, dict(key))))
    return [printed.get(f"case_{index}", "") for index in range(len(programs))]
