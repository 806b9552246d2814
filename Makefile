# Sluice: `make` (or `make help`) lists the targets.
#
# `make run` and `make test` install what is missing first (scripts/setup), so on a fresh
# machine they are the only two commands needed.

SWIFT ?= swift
# Extra arguments: `make run ARGS="--port 4333"`, `make test ARGS="--filter NATSTests"`.
ARGS ?=
FORMAT_PATHS := Package.swift Sources Tests Fuzz/Package.swift Fuzz/Sources
# Seconds each fuzz target runs in `make fuzz`.
FUZZ_SECONDS ?= 600

.DEFAULT_GOAL := help
.PHONY: help setup build release dist footprint rootfs rootfs-test test faults fuzz run fmt lint bench proto clean

help: ## List the targets
	@echo "Sluice make targets:"
	@awk 'BEGIN { FS = ":.*## " } /^[a-z][a-z-]*:.*## / { printf "  make %-8s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

setup: ## Install what is missing: nats-server, nats-py, osmem-server, openssl, postgresql, moto, chromium
	@scripts/setup

build: ## Build everything (debug)
	$(SWIFT) build

release: ## Build optimised binaries (.build/release/sluice)
	$(SWIFT) build -c release

# Not part of make test or CI: several static release builds take tens of minutes on two cores.
dist: ## Static, stripped release archives of every executable in dist/ with SHA256SUMS, checked on a bare Debian (needs root)
	scripts/setup --packaging
	scripts/dist

footprint: ## Size, --version time, readiness and idle memory of the binaries in dist/ (JSON; builds nothing)
	scripts/footprint --nats-server "$$(scripts/setup --which nats-server)" $(or $(ARGS),$(wildcard dist/*/sluice*))

rootfs: ## The gateway's microVM image dist/sluice-gateway.ext4 (static sluice-sync, nats-server, a tiny init) from make dist's binary
	scripts/setup --packaging
	scripts/rootfs

rootfs-test: ## Boot dist/sluice-gateway.ext4 under QEMU (128 MB, one vCPU), publish through the gateway and read the result
	scripts/setup --packaging
	scripts/rootfs-test

# The process-level tests (SluiceCLITests: several `sluice` processes, search servers and a 30 s outage each), the
# bridge's store tests (a throwaway PostgreSQL cluster each, initdb included) and the router's tests (a moto_server or
# nats-server for most of them) run after the others rather than beside them: on two cores they together starve
# servers past the tests' timeouts. The edge tests (SluiceTopologyTests, SluiceEdgeTests) start a whole topology of
# nats-servers each (three central, a region, edges) and have their own phase for the same reason.
test: setup ## Run every test, against real servers started on loopback
	export NATS_SERVER="$$(scripts/setup --which nats-server)" OSMEM_SERVER="$$(scripts/setup --which osmem-server)" \
	  CHROMIUM="$$(scripts/setup --which chromium)" CHROMEDRIVER="$$(scripts/setup --which chromedriver)"; \
	if [ -n "$(ARGS)" ]; then $(SWIFT) test $(ARGS); else \
	  $(SWIFT) build --build-tests --explicit-target-dependency-import-check error && \
	  $(SWIFT) test --skip-build --skip SluiceCLITests --skip SluiceBridgeStoreTests --skip SluiceRouterTests \
	    --skip SluiceTopologyTests --skip SluiceEdgeTests && \
	  $(SWIFT) test --skip-build --filter SluiceBridgeStoreTests && \
	  $(SWIFT) test --skip-build --filter SluiceRouterTests && \
	  $(SWIFT) test --skip-build --filter SluiceTopologyTests --filter SluiceEdgeTests && \
	  $(SWIFT) test --skip-build --filter SluiceCLITests; fi

# The fault suite at full length: three SIGKILLs of each role, two nats-server node restarts and a 30 s outage of the
# search server over several minutes (make test runs the reduced one). SLUICE_TEST_SEED=… repeats a run.
faults: setup ## Run the full fault suite (several minutes) against real servers; prints one line accounting for every record
	export NATS_SERVER="$$(scripts/setup --which nats-server)" OSMEM_SERVER="$$(scripts/setup --which osmem-server)"; \
	$(SWIFT) build --build-tests && SLUICE_FAULTS=full $(SWIFT) test --skip-build --filter FaultSuiteTests

# Not part of make test or CI: the instrumented release build alone takes longer than the whole suite.
fuzz: ## Build the libFuzzer targets (Fuzz/) and run each for FUZZ_SECONDS (default 600)
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz

run: setup ## Run `sluice dev`: the quickstart (sample corpus → search index, API on 127.0.0.1:8080), data in .sluice/
	$(SWIFT) run sluice dev $(ARGS)

fmt: ## Format the sources in place (swift format, settings in .swift-format)
	$(SWIFT) format --in-place --parallel --recursive $(FORMAT_PATHS)

lint: ## Check formatting and style, and that each target declares exactly what it imports
	$(SWIFT) format lint --strict --parallel --recursive $(FORMAT_PATHS)
	scripts/check-imports

bench: ## Compare transport throughput with nats.go and nats.c (scripts/bench-transport)
	scripts/bench-transport $(ARGS)

# The Swift code of proto/*.proto is generated once and committed (Sources/SluiceEdge/Proto), so building needs neither
# protoc nor swift-protobuf's build plugin; this regenerates it with protoc and the protoc-gen-swift of the resolved
# swift-protobuf.
proto: ## Regenerate the Swift code of proto/*.proto (installs protoc, builds protoc-gen-swift)
	scripts/setup --protoc
	$(SWIFT) package resolve
	$(SWIFT) build --package-path .build/checkouts/swift-protobuf --scratch-path .build/protoc-gen-swift --product protoc-gen-swift
	protoc --plugin=protoc-gen-swift=.build/protoc-gen-swift/debug/protoc-gen-swift \
	  --swift_out=Sources/SluiceEdge/Proto --swift_opt=Visibility=Public -I proto proto/*.proto

clean: ## Remove build output (.build); keeps .sluice/ data
	$(SWIFT) package clean
