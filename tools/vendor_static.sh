#!/usr/bin/env bash
# Serve the book's JavaScript from its own static files: no CDN, so a reader offline still sees the
# equations and the saved widgets. Called by `make vendor` (which `make book` runs first).
#
# What it does:
#   1. `npm ci` the versions pinned in tools/package.json + tools/package-lock.json (MathJax 3,
#      RequireJS, @jupyter-widgets/html-manager for ipywidgets 8.1.x) into _build/vendor-npm/;
#   2. stages the files the pages need in _build/vendor-static/;
#   3. links them into _static/vendor/ (gitignored), where _config.yml points `mathjax_path` and
#      myst-nb's `nb_ipywidgets_js`.
#
# Why links: jupyter-book adds *every* .js/.css file found under _static/ to *every* page. It does not
# descend into symlinked folders, while Sphinx follows them when it copies _static/ into the site, so the
# vendored folders are symlinks: copied into the site, but not loaded on pages that do not ask for them.
#
# Idempotent and fast when already done: npm runs only when the lock file changed (a stamp records its
# checksum), and the staging copy only when the installed tree did.
set -euo pipefail
cd "$(dirname "$0")/.."

npm_dir=_build/vendor-npm
stage=_build/vendor-static
vendor=_static/vendor
lock_sum=$(cat tools/package.json tools/package-lock.json | cksum | cut -d' ' -f1)
stamp="$npm_dir/.installed-$lock_sum"

if [ ! -f "$stamp" ]; then
  command -v npm >/dev/null || { echo "vendor: npm is needed (Debian: apt-get install npm)" >&2; exit 1; }
  rm -rf "$npm_dir" "$stage"
  mkdir -p "$npm_dir"
  cp tools/package.json tools/package-lock.json "$npm_dir/"
  echo "vendor: npm ci (MathJax, RequireJS, @jupyter-widgets/html-manager) into $npm_dir"
  (cd "$npm_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi

if [ ! -f "$stage/.staged-$lock_sum" ]; then
  rm -rf "$stage"
  mkdir -p "$stage/mathjax" "$stage/requirejs" "$stage/html-manager"
  nm="$npm_dir/node_modules"
  # MathJax: the combined TeX+MathML->CommonHTML component, plus the folders it loads on demand
  # (fonts, TeX extensions, accessibility and menu pieces). The other combined builds are not needed.
  cp "$nm/mathjax/es5/tex-mml-chtml.js" "$stage/mathjax/"
  for d in a11y adaptors input output sre ui; do cp -r "$nm/mathjax/es5/$d" "$stage/mathjax/"; done
  cp "$nm/mathjax/LICENSE" "$stage/mathjax/"
  cp "$nm/requirejs/require.js" "$stage/requirejs/"
  # RequireJS ships no separate licence file; its licence header is in require.js itself.
  # The widget manager: embed-amd.js and the Font Awesome files it references (webpack assets).
  cp "$nm/@jupyter-widgets/html-manager/dist/embed-amd.js" "$stage/html-manager/"
  find "$nm/@jupyter-widgets/html-manager/dist" -maxdepth 1 -type f \
    \( -name '*.woff2' -o -name '*.woff' -o -name '*.ttf' -o -name '*.eot' -o -name '*.svg' \) \
    -exec cp {} "$stage/html-manager/" \;
  cp "$nm/@jupyter-widgets/html-manager/LICENSE" "$stage/html-manager/" 2>/dev/null || true
  touch "$stage/.staged-$lock_sum"
fi

mkdir -p "$vendor"
for d in mathjax requirejs html-manager; do
  target="../../$stage/$d"
  if [ "$(readlink "$vendor/$d" 2>/dev/null || true)" != "$target" ]; then
    rm -rf "${vendor:?}/$d"
    ln -s "$target" "$vendor/$d"
  fi
done
echo "vendor: $vendor/{mathjax,requirejs,html-manager} ready (MathJax $(node -p "require('./$npm_dir/node_modules/mathjax/package.json').version"), html-manager $(node -p "require('./$npm_dir/node_modules/@jupyter-widgets/html-manager/package.json').version"))"
