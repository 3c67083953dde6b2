"""Checks template.yaml's EventBridge rules against the sample events in events/eventbridge/.

Usage: python .ci/event-patterns.py ENDPOINT   (run by .ci/sam.sh with the SAM CLI venv's Python, which has
boto3 and SAM's CloudFormation YAML parser; ENDPOINT is a moto server)

Checks, each failure printed with the rule and the file:
  * the pending-pods rule's EventPattern is exactly the JSON block docs/design/events.md gives for it, and it
    is on the stack's custom bus; the interruption rules are on the default bus;
  * every rule has a sample that it matches (a rule without one is untested);
  * every sample in events/eventbridge/expectations.json is matched by exactly the rules listed for it: moto
    (which has no TestEventPattern) delivers the sample, put with PutEvents, to the queues of the rules whose
    EventPattern matches.
"""

import json
import pathlib
import re
import sys

import boto3
from samcli.yamlhelper import yaml_parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events" / "eventbridge"
PENDING_PODS_RULE = "PendingPodsRule"


def rules_of(template):
    """Logical ID -> (EventPattern, EventBusName or None) of every AWS::Events::Rule."""
    return {
        name: (r["Properties"]["EventPattern"], r["Properties"].get("EventBusName"))
        for name, r in template["Resources"].items()
        if r.get("Type") == "AWS::Events::Rule"
    }


def documented_pending_pods_pattern():
    text = (ROOT / "docs" / "design" / "events.md").read_text()
    m = re.search(r"The EventBridge rule in `template.yaml` matches exactly:\s*```json\s*(.*?)```", text, re.S)
    if not m:
        raise SystemExit("docs/design/events.md: no JSON block after 'The EventBridge rule in `template.yaml` "
                         "matches exactly:'")
    return json.loads(m.group(1))


def main(endpoint):
    template = yaml_parse((ROOT / "template.yaml").read_text())
    rules = rules_of(template)
    problems = []

    if PENDING_PODS_RULE not in rules:
        problems.append(f"template.yaml has no {PENDING_PODS_RULE}")
    else:
        pattern, bus = rules[PENDING_PODS_RULE]
        if pattern != documented_pending_pods_pattern():
            problems.append(f"{PENDING_PODS_RULE}: EventPattern {json.dumps(pattern)} differs from "
                            f"docs/design/events.md {json.dumps(documented_pending_pods_pattern())}")
        if bus != {"Ref": "EventBus"}:
            problems.append(f"{PENDING_PODS_RULE}: must be on the stack's bus (EventBusName: !Ref EventBus), "
                            f"is on {bus!r}")
    for name, (_, bus) in rules.items():
        if name != PENDING_PODS_RULE and bus is not None:
            problems.append(f"{name}: AWS publishes EC2 and Health events on the default bus, but the rule is on "
                            f"{bus!r}")

    expectations = json.loads((EVENTS / "expectations.json").read_text())
    samples = {p.name for p in EVENTS.glob("*.json")} - {"expectations.json"}
    for missing in sorted(samples - expectations.keys()):
        problems.append(f"events/eventbridge/{missing}: not in expectations.json")
    for missing in sorted(expectations.keys() - samples):
        problems.append(f"expectations.json: events/eventbridge/{missing} does not exist")
    for name in sorted(rules):
        if not any(name in expected for expected in expectations.values()):
            problems.append(f"{name}: no sample in events/eventbridge/ is expected to match it")

    # moto has no TestEventPattern, but it delivers PutEvents to rule targets by pattern: every rule goes on
    # one scratch bus with its own queue as target, each sample is put on that bus, and the queues that
    # receive it are the rules that matched. (The bus of each rule is checked above, from the template.)
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                    region_name="us-east-1")
    events = session.client("events", endpoint_url=endpoint)
    sqs = session.client("sqs", endpoint_url=endpoint)
    bus = events.create_event_bus(Name="event-patterns-check")["EventBusArn"]
    queues = {}
    for name, (pattern, _) in rules.items():
        url = sqs.create_queue(QueueName=f"event-patterns-{name}")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        events.put_rule(Name=name, EventBusName=bus, EventPattern=json.dumps(pattern))
        events.put_targets(Rule=name, EventBusName=bus, Targets=[{"Id": "queue", "Arn": arn}])
        queues[name] = url
    checked = 0
    for file, expected in sorted(expectations.items()):
        path = EVENTS / file
        if not path.exists():
            continue
        event = json.loads(path.read_text())
        answer = events.put_events(Entries=[{
            "EventBusName": bus,
            "Source": event["source"],
            "DetailType": event["detail-type"],
            "Detail": json.dumps(event["detail"]),
            "Resources": event.get("resources", []),
        }])
        if answer.get("FailedEntryCount"):
            problems.append(f"events/eventbridge/{file}: PutEvents refused it: {answer['Entries']}")
            continue
        matched = []
        for name, url in sorted(queues.items()):
            messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get(
                "Messages", [])
            for m in messages:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
                if json.loads(m["Body"]).get("detail") != event["detail"]:
                    problems.append(f"{name}: delivered a body whose detail is not {file}'s")
            if messages:
                matched.append(name)
            checked += 1
        if matched != sorted(expected):
            problems.append(f"events/eventbridge/{file}: matched by {matched or 'no rule'}, "
                            f"expected {sorted(expected) or 'no rule'}")

    if problems:
        print("event patterns: FAILED", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"event patterns: {len(expectations)} sample events x {len(rules)} rules = {checked} checks passed")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: event-patterns.py MOTO_ENDPOINT")
    sys.exit(main(sys.argv[1]))
