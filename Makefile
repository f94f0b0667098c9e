# Thin wrapper over meson. `make demo` and `make check` install what is missing
# (Debian, as root) and build first, so each is the only command a fresh machine needs.

BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
MESON      ?= meson

# Debian packages the build, the tests and the benchmark need (chromium and nodejs:
# the dashboard tests load the HTML report in headless Chromium over the DevTools pipe).
DEB_PKGS = meson ninja-build pkg-config gcc libc6-dev libxml2-dev libxml2-utils \
	       libsqlite3-dev zlib1g-dev libisal-dev gzip time \
	       chromium nodejs

.PHONY: all deps build demo check check-asan check-tsan check-valgrind bench clean

all: build

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD) --buildtype=release

build: $(BUILD)/build.ninja
	$(MESON) compile -C $(BUILD)

demo: deps
	$(MAKE) build
	@BUILD=$(BUILD) sh samples/demo.sh

check: deps
	$(MAKE) build
	$(MESON) test -C $(BUILD) --print-errorlogs

$(ASAN_BUILD)/build.ninja:
	$(MESON) setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lto=false \
	  -Dc_args=-fno-sanitize-recover=all -Db_lundef=false

check-asan: deps $(ASAN_BUILD)/build.ninja
	$(MESON) compile -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(MESON) test -C $(ASAN_BUILD) --print-errorlogs

# ThreadSanitizer over what runs threads: the -j workers (cli-batch*), the
# inflate thread (input, cli-streams-samples).  Reports go to files, so a
# race fails the target even where a test would not notice it.
TSAN_TESTS = cli-batch cli-batch-corpus cli-batch-split input cli-streams-samples

$(TSAN_BUILD)/build.ninja:
	$(MESON) setup $(TSAN_BUILD) --buildtype=debug -Db_sanitize=thread -Db_lto=false -Db_lundef=false

check-tsan: deps $(TSAN_BUILD)/build.ninja
	$(MESON) compile -C $(TSAN_BUILD)
	rm -f $(TSAN_BUILD)/tsan-report.*
	TSAN_OPTIONS="log_path=$(CURDIR)/$(TSAN_BUILD)/tsan-report second_deadlock_stack=1" \
	  $(MESON) test -C $(TSAN_BUILD) --print-errorlogs --timeout-multiplier 4 $(TSAN_TESTS)
	@if ls $(TSAN_BUILD)/tsan-report.* >/dev/null 2>&1; then \
	  echo "ThreadSanitizer reports:"; cat $(TSAN_BUILD)/tsan-report.*; exit 1; \
	else echo "ThreadSanitizer: no report"; fi

check-valgrind: deps
	$(MAKE) build
	$(MESON) test -C $(BUILD) --setup=valgrind --print-errorlogs --no-suite slow --no-suite bench

bench: deps
	$(MAKE) build
	sh bench/run.sh $(BUILD)
	sh bench/run-codes.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)
