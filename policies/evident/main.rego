# METADATA
# title: Evident entrypoints
# description: |
#   The violations of every check of an input kind, by check package name (checks without
#   violations are left out, to keep results small). The engine evaluates one of these per input
#   document and attaches each check's METADATA (severity, controls).
package evident.main

# METADATA
# entrypoint: true
kubernetes[name] := vs if {
	vs := data.evident.checks.kubernetes[name].violation
	count(vs) > 0
}

# METADATA
# entrypoint: true
terraform[name] := vs if {
	vs := data.evident.checks.terraform[name].violation
	count(vs) > 0
}

# METADATA
# entrypoint: true
cloudtrail[name] := vs if {
	vs := data.evident.checks.cloudtrail[name].violation
	count(vs) > 0
}

# METADATA
# entrypoint: true
aws_config[name] := vs if {
	vs := data.evident.checks.aws_config[name].violation
	count(vs) > 0
}

# Batches: the same verdicts for many documents of a kind in one evaluation (input.items), so a
# scan of 100,000 CloudTrail events does not pay the per-call cost 100,000 times.

# METADATA
# entrypoint: true
batch_kubernetes := [r | some item in input.items; r := kubernetes with input as item]

# METADATA
# entrypoint: true
batch_terraform := [r | some item in input.items; r := terraform with input as item]

# METADATA
# entrypoint: true
batch_cloudtrail := [r | some item in input.items; r := cloudtrail with input as item]

# An S3-delivered CloudTrail log file as it is ({"Records": [...]}): one result per record, in order.
# The file's bytes go to Wasm once, with no per-record slicing on the host.

# METADATA
# entrypoint: true
batch_cloudtrail_file := [r | some e in input.Records; r := cloudtrail with input as {"event": e}]

# METADATA
# entrypoint: true
batch_aws_config := [r | some item in input.items; r := aws_config with input as item]
