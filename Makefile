# One command to set up and run, one to set up and test (see README).
# Every target is idempotent: a second run only checks and returns.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# Debian packages: Graphviz's `dot`, Qt's runtime libraries (offscreen and xcb),
# Xvfb and ImageMagick for the real-window screenshot tests, a font with umlauts,
# poppler-utils (pdftotext, pdffonts, pdftoppm) for the document export tests.
DEB_PACKAGES := graphviz python3-venv xvfb xauth imagemagick fonts-dejavu-core poppler-utils \
	libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 \
	libdbus-1-3 libx11-6 libxcb1 libx11-xcb1 libxcb-icccm4 libxcb-keysyms1 \
	libxcb-cursor0 libxkbcommon-x11-0 libxcb-image0 libxcb-render-util0 \
	libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xfixes0 libxcb-shm0 \
	libxcb-sync1 libxcb-xkb1 x11-utils

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test bench system venv clean

run: venv
	$(BIN)/explorer

# Two workers (pytest-xdist): each has its own temporary home, cache and settings (tests/conftest.py).
test: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 --dist worksteal

bench: venv
	$(BIN)/explorer bench

system:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: system $(STAMP)

$(STAMP): pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info tests/artifacts
