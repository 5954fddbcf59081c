#!/usr/bin/env bash
# Builds the API reference site into docs/site/_site: the libraries' XML docs as the API reference, README.md and
# docs/*.md (and each package's README) as articles. docfx comes from the repository's tool manifest
# (.config/dotnet-tools.json). Broken links and unresolved references fail the build (--warningsAsErrors).
# Open docs/site/_site/index.html, or serve it: bash docs/site/build.sh --serve
set -euo pipefail
cd "$(dirname "$0")"
root=../..

# docfx resolves links only among files under its own folder: the articles are staged here with the repository's
# layout, so README.md's "docs/panel.md" and the packages' "../../docs/panel.md" stay valid links.
rm -rf articles
mkdir -p articles
cp "$root/README.md" "$root/LICENSE" articles/
(cd "$root" && find docs -path docs/site -prune -o -type f \( -name '*.md' -o -name '*.png' -o -name toc.yml \) -print) | while read -r file; do
  mkdir -p "articles/$(dirname "$file")"
  cp "$root/$file" "articles/$file"
done
for readme in "$root"/src/*/README.md; do
  package=articles/src/$(basename "$(dirname "$readme")")
  mkdir -p "$package"
  cp "$readme" "$package/"
done

dotnet tool restore > /dev/null
dotnet docfx docfx.json --warningsAsErrors "$@"
