#!/bin/sh
# install-example.sh BUILD_DIR SOURCE_DIR SANITIZE - `meson install` into a
# staging directory, then examples/claims.c built with the installed
# pkg-config file against the installed shared library, and again statically,
# and run on the 837P sample: each claim's id and total, as the sample has
# them.  Also: the shared library exports nothing but the public API.
set -eu
BUILD=$1
SRC=$2
SAN=${3:-none}
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT INT TERM

command -v pkg-config >/dev/null || { echo "SKIP: pkg-config missing"; exit 77; }
meson install -C "$BUILD" --destdir "$STAGE" --no-rebuild --quiet >/dev/null
PREFIX=$(meson introspect "$BUILD" --buildoptions | sed -n 's/.*"name": "prefix", "value": "\([^"]*\)".*/\1/p')
[ -n "$PREFIX" ] || PREFIX=/usr/local
pcdir=$(find "$STAGE" -name remedi.pc -printf '%h\n' | head -n 1)
[ -n "$pcdir" ] || { echo "FAIL: no remedi.pc installed"; exit 1; }
libdir=$(find "$STAGE" -name 'libremedi.so.0' -printf '%h\n' | head -n 1)
[ -f "$STAGE$PREFIX/include/remedi/records.h" ] || { echo "FAIL: public headers not installed"; exit 1; }
for h in x12_internal.h txset_internal.h decode.h; do
	[ ! -e "$STAGE$PREFIX/include/remedi/$h" ] || { echo "FAIL: internal header $h installed"; exit 1; }
done

# the .pc names the real prefix: point it at the staging copy
export PKG_CONFIG_SYSROOT_DIR="$STAGE"
export PKG_CONFIG_PATH="$pcdir"
CFLAGS=$(pkg-config --cflags remedi)
SANFLAGS=
[ "$SAN" = none ] || SANFLAGS="-fsanitize=$SAN"
# shellcheck disable=SC2086 # word splitting of flags on purpose
cc -std=c11 -Wall -Werror $SANFLAGS $CFLAGS "$SRC/examples/claims.c" -o "$STAGE/claims" $(pkg-config --libs remedi)
# shellcheck disable=SC2086
cc -std=c11 -Wall -Werror $SANFLAGS $CFLAGS "$SRC/examples/claims.c" -o "$STAGE/claims-static" \
	"$libdir/libremedi.a" $(pkg-config --libs --static remedi | sed 's/-lremedi\b//') -lm

want=$(mktemp)
# the sample's CLM01 and CLM02, as the JSON decoder sees them
"$BUILD/cli/remedi" parse --format json "$SRC/samples/oncology-837p.x12" |
	sed -n 's/^{"type":"claim".*"segment":[0-9]*,"id":"\([^"]*\)","charge":"\([0-9.-]*\)".*/\1 \2/p' >"$want"
LD_LIBRARY_PATH=$libdir "$STAGE/claims" "$SRC/samples/oncology-837p.x12" >"$STAGE/got-shared"
"$STAGE/claims-static" "$SRC/samples/oncology-837p.x12" >"$STAGE/got-static"
gzip -c "$SRC/samples/oncology-837p.x12" | LD_LIBRARY_PATH=$libdir "$STAGE/claims" - >"$STAGE/got-gzip"
fail=0
[ -s "$STAGE/got-shared" ] || { echo "FAIL: the example printed no claim"; fail=1; }
cmp -s "$STAGE/got-shared" "$STAGE/got-static" || { echo "FAIL: shared and static builds differ"; fail=1; }
cmp -s "$STAGE/got-shared" "$STAGE/got-gzip" || { echo "FAIL: gzip from stdin differs"; fail=1; }
if [ -s "$want" ] && ! cmp -s "$want" "$STAGE/got-shared"; then
	echo "FAIL: claims differ from remedi parse:"; diff "$want" "$STAGE/got-shared" || true; fail=1
fi
# the shared library's exports are the public API
nm -D --defined-only "$libdir/libremedi.so.0" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | sort >"$STAGE/exports"
grep -h -o '\b\(x12\|c837\|r835\|ackr\)_[a-z0-9_]*\b' "$STAGE$PREFIX"/include/remedi/*.h | sort -u >"$STAGE/declared"
extra=$(comm -23 "$STAGE/exports" "$STAGE/declared")
[ -z "$extra" ] || { echo "FAIL: exported but not in a public header: $extra"; fail=1; }
grep -q x12_records_next "$STAGE/exports" || { echo "FAIL: x12_records_next not exported"; fail=1; }
[ $fail = 0 ] && echo "ok: installed, built with pkg-config (shared and static), $(wc -l <"$STAGE/got-shared") claims"
rm -f "$want"
exit $fail
