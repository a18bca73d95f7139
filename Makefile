# Short names in front of CMake. `make test` is what CI runs.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)

.PHONY: all test test-fast asan fuzz bench demo lint format clean deps

all:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

deps:
	scripts/install-deps.sh

# The main job: install what is missing, build, extract the events of the
# shipped sample corpus, store them in a database and say how to browse it.
demo: deps all
	./$(BUILD)/kibaru extract corpus/sample
	rm -f $(BUILD)/demo.db $(BUILD)/demo.db-wal $(BUILD)/demo.db-shm
	./$(BUILD)/kibaru ingest --quiet --db $(BUILD)/demo.db corpus/sample
	@echo "Open the page: ./$(BUILD)/kibaru serve --db $(BUILD)/demo.db  then http://127.0.0.1:8080/"

# Every test, in a normal build and under ASan+UBSan.
test: deps all asan
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS) -LE nosan

test-fast: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKB_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# libFuzzer harnesses, each run for FUZZ_SECONDS (default 60).
FUZZ_SECONDS ?= 60
fuzz:
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -DKB_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build build-fuzz -j $(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run-all.sh build-fuzz

bench: all
	bench/run-all.sh $(BUILD)

lint:
	clang-format --dry-run --Werror include/*.h src/*.[ch] cli/*.c tests/*.c fuzz/*.c

format:
	clang-format -i include/*.h src/*.[ch] cli/*.c tests/*.c fuzz/*.c

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
