# Modulo entry points. Two commands matter on a fresh machine:
#   make devnet   bring up the whole system locally
#   make test     run every test
# Each installs what it needs first (idempotently): a pinned Node 22 from the npm registry (Hardhat 3
# refuses Node 20), then the locked npm dependencies under that Node.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

NODE_DIR   := tools/node
NODE_STAMP := $(NODE_DIR)/node_modules/.modulo-stamp
DEPS_STAMP := node_modules/.modulo-stamp

# Recipes run with the pinned Node and the project's binaries first on PATH.
export PATH := $(CURDIR)/$(NODE_DIR)/node_modules/.bin:$(CURDIR)/node_modules/.bin:$(PATH)
export NODE_NO_WARNINGS := 1

.PHONY: help setup circuits contracts build devnet modulo test bench typecheck clean explorer

help:
	@echo "make devnet    bring up the local system (installs and builds what is missing; ARGS=--reset starts fresh)"
	@echo "make modulo    run the CLI: make modulo ARGS='balance alice' (or: npx modulo balance alice)"
	@echo "make test      run all tests (installs what is missing)"
	@echo "make bench     run the benchmarks and write docs/benchmarks.md (BENCH='prover gas': those sections only;"
	@echo "               MODULO_PROVER_BIN=path/to/rapidsnark/prover: the external prover beside snarkjs, docs/prover.md;"
	@echo "               BENCH=linked, never run by default: the 128-slot depth-32 linked batch, about an hour, most of 24 GiB)"
	@echo "make circuits  compile circuits and set up keys (CIRCUITS='test dev'; dev keys are insecure)"
	@echo "make contracts compile the Solidity contracts, offline (with the verifiers make circuits generated)"
	@echo "make build     circuits, then contracts, then the type check"
	@echo "make setup     install the pinned Node and npm dependencies only"
	@echo "make clean     remove build outputs and caches (keeps installs)"

setup: $(DEPS_STAMP)

# The pinned Node runtime comes from the npm package `node` (lockfile in tools/node).
$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	@echo "setup: installing pinned Node into $(NODE_DIR)"
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The install must run under Node 22: otherwise npm silently skips Hardhat's native runtime
# (@nomicfoundation/edr-*, engines node >= 22); scripts/check-setup.mjs proves it loads.
# `npm install --no-save` installs exactly the lockfile's versions and leaves the lockfile as it is.
# (`npm ci` is stricter and refuses a lockfile without the other platforms' EDR builds, which the
# registry reachable here does not serve.)
$(DEPS_STAMP): package.json package-lock.json $(NODE_STAMP)
	@echo "setup: installing npm dependencies with $$(node --version)"
	npm install --no-save --no-audit --no-fund --loglevel=error
	node scripts/check-setup.mjs
	@touch $@

# Circuits, keys and generated verifiers are cached by content hash under build/circuits/<name>/.
circuits: setup
	tsx scripts/circuits/build.ts $(CIRCUITS) --network $(or $(NETWORK),devnet)

# The contracts alone, offline (solc-js from npm), no circuit needed. A circuit's verifier is generated from
# its proving key by `make circuits` into contracts/verifiers/ (gitignored) and compiled with the contracts
# once it is there: `make build` runs both, in that order.
contracts: setup
	hardhat build --quiet
	tsx scripts/gen-l1-abi.ts

build: circuits
	hardhat build --quiet
	tsc --noEmit

# The devnet builds what it needs itself (the dev circuit and the contracts, in parallel; cached), so that
# a first run compiles one circuit, not all of them. ARGS are passed on: make devnet ARGS=--reset.
devnet: setup explorer
	node scripts/devnet.mjs $(ARGS)

# The web explorer (docs/explorer.md): type-checked, then bundled by Vite into build/explorer/, which the
# sequencer serves under /explorer/. Rebuilt only when its sources (or core's, or the API's) change.
EXPLORER_SOURCES := $(shell find explorer core api -type f \( -name '*.ts' -o -name '*.css' -o -name '*.html' -o -name '*.json' \) 2>/dev/null)
explorer: setup build/explorer/index.html
build/explorer/index.html: $(EXPLORER_SOURCES) $(DEPS_STAMP)
	tsc -p explorer/tsconfig.json
	vite build --config explorer/vite.config.ts

modulo: setup
	node --import tsx cli/modulo.ts $(ARGS)

# Tests prove for real with the tiny `test` circuit: its keys and verifier are built first (cached).
test: setup
	$(MAKE) --no-print-directory circuits CIRCUITS=test
	hardhat build --quiet
	tsc --noEmit
	$(MAKE) --no-print-directory explorer
	vitest run

# Every circuit mutant compiled and tested in turn (hours; `make test` runs a sample); writes docs/mutants.md.
# ARGS are passed on: make mutants ARGS='--only l2-tx.circom'.
.PHONY: mutants
mutants: setup
	tsx scripts/mutants.ts $(ARGS)

bench: setup
	tsx scripts/bench.ts

typecheck: setup
	tsc --noEmit

clean:
	rm -rf build artifacts cache .cache coverage
