# The two commands (see README): `make run` and `make test`. Both start from a fresh Debian 12 as
# root: they install what is missing, build, and then serve or test.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
DB ?= sqlite:var/weilai.db
LISTEN ?= 127.0.0.1:8080
BIN := build/release/apps/weilai/weilai

.PHONY: run test deps deps-test build build-asan web web-test test-cpp test-asan test-e2e bench format clean

run: deps build web
	@mkdir -p var
	$(BIN) serve --db $(DB) --listen $(LISTEN) --web-root web/dist --demo

test: deps-test build web
	scripts/run-tests.sh

deps:
	@scripts/install-deps.sh

deps-test:
	@t=$$SECONDS; scripts/install-deps.sh --test && echo "== dependencies took $$((SECONDS - t)) s"

build:
	@cmake --preset release >/dev/null
	@t=$$SECONDS; cmake --build --preset release -j $(JOBS) && echo "== release build took $$((SECONDS - t)) s"

build-asan:
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

web:
	@t=$$SECONDS; if [ -f web/package.json ]; then (cd web && scripts/build.sh) || exit 1; fi; \
	  echo "== web build took $$((SECONDS - t)) s"

bench: deps-test build
	bench/run-all.sh

format:
	@find src apps tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf build web/dist
