#!/usr/bin/env bash
# The SAM tier: template.yaml checked and built offline with pinned tools.
#
# Sourced by .ci/run:   . .ci/sam.sh; sam_tier
# Run directly:         bash .ci/sam.sh
#
# Installs AWS SAM CLI and cfn-lint into two venvs under .ci/cache/ (cfn-lint separately, so its version is
# ours and not whatever SAM CLI pins), then runs
#   sam validate --lint      SAM's translator and its bundled cfn-lint
#   cfn-lint template.yaml   the pinned cfn-lint on the SAM template (it applies the SAM transform itself)
#   template contract        .ci/template-contract.py: functions, handlers, environment and batch settings of
#                            docs/design/lambda-functions.md, Makefile targets, queue and timeout arithmetic
#   event patterns           .ci/event-patterns.py: every EventBridge rule against events/eventbridge/ on a
#                            local moto server (.ci/moto.sh), and the pending-pods pattern against events.md
#   sam build                the makefile build of every function whose module exists; a function whose module
#                            has not been merged yet is skipped with the reason, and built once it exists.
# Nothing here needs AWS credentials or the network once the venvs exist: the region is a placeholder, the
# instance-metadata lookup is off, and moto listens on loopback.

SAM_CLI_VERSION="1.170.0"
CFN_LINT_VERSION="1.58.0"
SAM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SAM_CACHE="$SAM_ROOT/.ci/cache"

# Function logical ID -> Maven module that builds it (docs/design/lambda-functions.md).
SAM_FUNCTIONS=(ProvisionerFunction InterruptionFunction)
declare -A SAM_FUNCTION_MODULES=(
  [ProvisionerFunction]=functions/provisioner
  [InterruptionFunction]=functions/interruption
)

# $1 = venv dir, $2 = pip requirement, $3 = python check that the installed version is the pinned one.
sam_venv() {
  local venv=$1 requirement=$2 check=$3
  mkdir -p "$SAM_CACHE"
  if [ ! -x "$venv/bin/python" ]; then
    echo "== sam tier: creating venv $venv" >&2
    python3 -m venv "$venv"
  fi
  if ! "$venv/bin/python" -c "$check" >/dev/null 2>&1; then
    echo "== sam tier: pip install $requirement" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$requirement" >&2
  fi
}

sam_install() {
  sam_venv "$SAM_CACHE/sam-venv" "aws-sam-cli==$SAM_CLI_VERSION" \
    "import importlib.metadata as m, sys; sys.exit(m.version('aws-sam-cli') != '$SAM_CLI_VERSION')"
  sam_venv "$SAM_CACHE/cfn-lint-venv" "cfn-lint==$CFN_LINT_VERSION" \
    "import importlib.metadata as m, sys; sys.exit(m.version('cfn-lint') != '$CFN_LINT_VERSION')"
}

# Every makefile-built function of the template must be known here (so none is skipped unnoticed) and have a
# build target in the Makefile.
sam_check_function_list() {
  local listed
  listed=$("$SAM_CACHE/sam-venv/bin/python" - "$SAM_ROOT/template.yaml" <<'EOF'
import sys
from samcli.yamlhelper import yaml_parse
resources = yaml_parse(open(sys.argv[1]).read())["Resources"]
for name, r in resources.items():
    if r.get("Type") == "AWS::Serverless::Function":
        print(name)
EOF
  ) || return 1
  local id known
  for id in $listed; do
    known=""
    for f in "${SAM_FUNCTIONS[@]}"; do [ "$f" = "$id" ] && known=1; done
    if [ -z "$known" ]; then
      echo "sam tier: template.yaml has function $id, which .ci/sam.sh does not map to a module" >&2
      return 1
    fi
    if ! grep -q "^build-$id:" "$SAM_ROOT/Makefile"; then
      echo "sam tier: the Makefile has no target build-$id" >&2
      return 1
    fi
  done
}

# The zip SAM makes from .aws-sam/build/<id> must hold exactly lib/fleetwright-<module>.jar (see Makefile).
sam_check_artifact() {
  local id=$1 expected files
  expected=".aws-sam/build/$id/lib/fleetwright-${SAM_FUNCTION_MODULES[$id]#functions/}.jar"
  files=$(find ".aws-sam/build/$id" -type f 2>/dev/null | sort)
  if [ "$files" != "$expected" ]; then
    echo "sam tier: .aws-sam/build/$id should hold exactly $expected, found:" >&2
    echo "${files:-nothing}" >&2
    return 1
  fi
  echo "== sam build: $id -> $expected ($(du -h "$expected" | cut -f1))"
}

sam_tier() (
  set -euo pipefail
  cd "$SAM_ROOT"
  sam_install
  export SAM_CLI_TELEMETRY=0 AWS_EC2_METADATA_DISABLED=true
  export AWS_REGION="${AWS_REGION:-us-east-1}" AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-${AWS_REGION:-us-east-1}}"
  local sam="$SAM_CACHE/sam-venv/bin/sam"

  echo "== sam tier: $("$sam" --version), cfn-lint $("$SAM_CACHE/cfn-lint-venv/bin/cfn-lint" --version | awk '{print $2}')"
  echo "== sam validate --lint"
  "$sam" validate --lint --template-file template.yaml
  echo "== cfn-lint template.yaml"
  "$SAM_CACHE/cfn-lint-venv/bin/cfn-lint" template.yaml
  echo "== cfn-lint: no findings"

  echo "== template contract: docs/design/lambda-functions.md and queue timings"
  "$SAM_CACHE/sam-venv/bin/python" .ci/template-contract.py

  echo "== event patterns: the template's rules against events/eventbridge/ (on a moto server)"
  . "$SAM_ROOT/.ci/moto.sh"
  moto_start >/dev/null
  trap moto_stop EXIT
  "$SAM_CACHE/sam-venv/bin/python" .ci/event-patterns.py "$MOTO_ENDPOINT"
  moto_stop
  trap - EXIT

  sam_check_function_list
  local present=() id
  for id in "${SAM_FUNCTIONS[@]}"; do
    if [ -d "${SAM_FUNCTION_MODULES[$id]}" ]; then
      present+=("$id")
    else
      echo "== sam build: skipping $id: ${SAM_FUNCTION_MODULES[$id]} does not exist yet (its module is written on another branch)"
    fi
  done
  if [ "${#present[@]}" -eq 0 ]; then
    echo "== sam build: no function module exists yet; nothing to build"
    return 0
  fi
  rm -rf .aws-sam/build
  if [ "${#present[@]}" -eq "${#SAM_FUNCTIONS[@]}" ]; then
    echo "== sam build --build-in-source"
    "$sam" build --build-in-source
    for id in "${present[@]}"; do sam_check_artifact "$id"; done
  else
    # `sam build <LogicalId>` builds one resource and rewrites .aws-sam/build, so each artifact is checked
    # right after its own build.
    for id in "${present[@]}"; do
      echo "== sam build --build-in-source $id"
      "$sam" build --build-in-source "$id"
      sam_check_artifact "$id"
    done
  fi
)

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  sam_tier
fi
