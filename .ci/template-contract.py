"""Checks template.yaml against docs/design/lambda-functions.md and the SQS/Lambda timing rules it relies on.

Usage: python .ci/template-contract.py   (run by .ci/sam.sh with the SAM CLI venv's Python)

Contract (docs/design/lambda-functions.md):
  * every function of the contract's table is in the template with its handler, runtime java21, SnapStart on
    published versions and AutoPublishAlias, and the Makefile builds it from the contract's module with that
    handler class;
  * every environment variable the contract lists for a function is set on it (Globals included), except the
    ones Lambda sets itself;
  * every SQS event source reports partial batch failures, with the contract's batch size.
Timing:
  * a queue's VisibilityTimeout is at least the consuming function's Timeout (Lambda refuses less);
  * the provisioning queue's VisibilityTimeout is at least 6 x Timeout + batching window (AWS's advice);
  * every queue with a DLQ keeps messages longer than maxReceiveCount x VisibilityTimeout, so a message that
    always fails reaches the DLQ instead of expiring;
  * the provisioner's lease (FLEETWRIGHT_LEASE_SECONDS) equals its Timeout; the interruption function's
    Timeout exceeds one drain pass (FLEETWRIGHT_DRAIN_PASS_SECONDS).
Sweep:
  * the sweep schedule targets the provisioning queue, and its Input, with the scheduler's placeholders and
    pseudo parameters filled in, is JSON with the envelope fields, source, detail-type and detail of the
    sample events/provisioning/sweep.json (which the provisioner's tests parse).
"""

import json

import pathlib
import re
import sys

from samcli.yamlhelper import yaml_parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
SET_BY_LAMBDA = {"AWS_REGION"}


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def contract():
    """(functions, env): functions = {logical id: (module, handler, batch size)}, env = {var: users}."""
    text = (ROOT / "docs" / "design" / "lambda-functions.md").read_text()
    functions, env = {}, {}
    for line in text.splitlines():
        if not line.startswith("| `"):
            continue
        row = cells(line)
        ids = re.findall(r"`([^`]+)`", row[0])
        if len(row) >= 4 and ids and ids[0].endswith("Function"):
            module = re.findall(r"`([^`]+)`", row[1])[0]
            handler = re.findall(r"`([^`]+)`", row[2])[0]
            batch = re.search(r"batch size (\d+)", row[3])
            functions[ids[0]] = (module, handler, int(batch.group(1)) if batch else None)
        elif len(row) >= 3 and all(re.fullmatch(r"[A-Z][A-Z0-9_]+", i) for i in ids):
            for var in ids:
                env[var] = row[1]
    if not functions or not env:
        raise SystemExit("docs/design/lambda-functions.md: function or environment table not found")
    return functions, env


def main():
    template = yaml_parse((ROOT / "template.yaml").read_text())
    resources = template["Resources"]
    globals_fn = template.get("Globals", {}).get("Function", {})
    makefile = (ROOT / "Makefile").read_text()
    functions, env = contract()
    problems = []

    def prop(fn, key):
        return fn["Properties"].get(key, globals_fn.get(key))

    def queue_of(event):
        arn = event["Properties"]["Queue"]
        name = arn["Fn::GetAtt"][0] if isinstance(arn, dict) and "Fn::GetAtt" in arn else None
        if name not in resources:
            problems.append(f"SQS event source {arn!r}: not a queue of this template")
            return None, None
        return name, resources[name]["Properties"]

    for fid, (module, handler, batch) in sorted(functions.items()):
        fn = resources.get(fid)
        if not fn or fn.get("Type") != "AWS::Serverless::Function":
            problems.append(f"{fid}: in the contract but not a function of template.yaml")
            continue
        if fn["Properties"].get("Handler") != handler:
            problems.append(f"{fid}: Handler {fn['Properties'].get('Handler')!r}, contract says {handler!r}")
        if prop(fn, "Runtime") != "java21":
            problems.append(f"{fid}: Runtime {prop(fn, 'Runtime')!r}, expected java21")
        if prop(fn, "SnapStart") != {"ApplyOn": "PublishedVersions"} or not prop(fn, "AutoPublishAlias"):
            problems.append(f"{fid}: needs SnapStart ApplyOn PublishedVersions and AutoPublishAlias")
        handler_class = handler.split("::")[0].replace(".", "/") + ".class"
        call = f"$(call lambda_jar,{module.split('/')[-1]},{handler_class})"
        if not re.search(rf"^build-{fid}:\n\t{re.escape(call)}$", makefile, re.M):
            problems.append(f"{fid}: the Makefile target build-{fid} must be `{call}`")

        variables = dict(globals_fn.get("Environment", {}).get("Variables", {}))
        variables.update(fn["Properties"].get("Environment", {}).get("Variables", {}))
        short = fid.removesuffix("Function").lower()
        for var, users in sorted(env.items()):
            wanted = users == "both" or users == short
            if var in SET_BY_LAMBDA:
                if var in variables:
                    problems.append(f"{fid}: sets {var}, which Lambda sets itself (reserved)")
            elif wanted and var not in variables:
                problems.append(f"{fid}: environment lacks {var} (contract: used by {users})")

        timeout = prop(fn, "Timeout")
        sqs_events = [e for e in fn["Properties"].get("Events", {}).values() if e.get("Type") == "SQS"]
        if not sqs_events:
            problems.append(f"{fid}: no SQS event source")
        for event in sqs_events:
            p = event["Properties"]
            if p.get("FunctionResponseTypes") != ["ReportBatchItemFailures"]:
                problems.append(f"{fid}: SQS event source without ReportBatchItemFailures")
            if batch is not None and p.get("BatchSize") != batch:
                problems.append(f"{fid}: BatchSize {p.get('BatchSize')}, contract says {batch}")
            name, queue = queue_of(event)
            if queue is None:
                continue
            visibility = queue.get("VisibilityTimeout", 30)
            if visibility < timeout:
                problems.append(f"{name}: VisibilityTimeout {visibility} s < {fid} Timeout {timeout} s")
            if fid == "ProvisionerFunction":
                needed = 6 * timeout + p.get("MaximumBatchingWindowInSeconds", 0)
                if visibility < needed:
                    problems.append(f"{name}: VisibilityTimeout {visibility} s < 6 x {timeout} s + batching window")

        if fid == "ProvisionerFunction" and str(variables.get("FLEETWRIGHT_LEASE_SECONDS")) != str(timeout):
            problems.append(f"{fid}: FLEETWRIGHT_LEASE_SECONDS {variables.get('FLEETWRIGHT_LEASE_SECONDS')} "
                            f"must equal its Timeout {timeout}")
        if fid == "InterruptionFunction" and timeout <= int(variables.get("FLEETWRIGHT_DRAIN_PASS_SECONDS", 0)):
            problems.append(f"{fid}: Timeout {timeout} s leaves no margin over one drain pass")

    problems.extend(sweep_problems(resources))

    for name, r in sorted(resources.items()):
        if r.get("Type") != "AWS::SQS::Queue" or "RedrivePolicy" not in r["Properties"]:
            continue
        p = r["Properties"]
        horizon = p["RedrivePolicy"]["maxReceiveCount"] * p.get("VisibilityTimeout", 30)
        if p.get("MessageRetentionPeriod", 345600) <= horizon:
            problems.append(f"{name}: MessageRetentionPeriod {p.get('MessageRetentionPeriod')} s <= maxReceiveCount x "
                            f"VisibilityTimeout = {horizon} s: failing messages expire before the DLQ")

    if problems:
        print("template contract: FAILED", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"template contract: {len(functions)} functions and {len(env)} environment variables of "
          "docs/design/lambda-functions.md, queue timings: all hold")
    return 0


def sweep_problems(resources):
    schedules = {n: r for n, r in resources.items() if r.get("Type") == "AWS::Scheduler::Schedule"}
    if list(schedules) != ["ProvisioningSweep"]:
        return [f"expected exactly one schedule, ProvisioningSweep; found {sorted(schedules)}"]
    target = schedules["ProvisioningSweep"]["Properties"]["Target"]
    if target.get("Arn") != {"Fn::GetAtt": ["ProvisioningQueue", "Arn"]}:
        return [f"ProvisioningSweep: targets {target.get('Arn')!r}, not the provisioning queue"]
    raw = target.get("Input")
    if isinstance(raw, dict) and "Fn::Sub" in raw:
        raw = raw["Fn::Sub"]
    if not isinstance(raw, str):
        return [f"ProvisioningSweep: Input must be a string or a plain !Sub, found {raw!r}"]
    filled = (raw.replace("${AWS::AccountId}", "123456789012").replace("${AWS::Region}", "us-east-1")
              .replace("<aws.scheduler.execution-id>", "d32c5kddcf5bb8c3")
              .replace("<aws.scheduler.scheduled-time>", "2026-11-22T10:00:00Z")
              .replace("<aws.scheduler.schedule-arn>", "arn:aws:scheduler:us-east-1:123456789012:schedule/default/x"))
    try:
        body = json.loads(filled)
    except ValueError as e:
        return [f"ProvisioningSweep: Input is not JSON once filled in ({e}): {filled}"]
    sample_file = ROOT / "events" / "provisioning" / "sweep.json"
    sample = json.loads(json.loads(sample_file.read_text())["Records"][0]["body"])
    problems = []
    for key in ("source", "detail-type", "detail"):
        if body.get(key) != sample.get(key):
            problems.append(f"ProvisioningSweep: Input {key} {body.get(key)!r} differs from {sample_file.name}: "
                            f"{sample.get(key)!r}")
    for key in ("id", "time", "version"):
        if not isinstance(body.get(key), str) or not body[key]:
            problems.append(f"ProvisioningSweep: Input lacks the envelope field {key!r}")
    return problems


if __name__ == "__main__":
    sys.exit(main())
