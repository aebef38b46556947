# METADATA
# title: Evident entrypoints
# description: |
#   The violations of every check of an input kind, by check package name. The engine evaluates
#   one of these per input document and attaches each check's METADATA (severity, controls).
package evident.main

# METADATA
# entrypoint: true
kubernetes[name] := data.evident.checks.kubernetes[name].violation

# METADATA
# entrypoint: true
terraform[name] := data.evident.checks.terraform[name].violation

# METADATA
# entrypoint: true
cloudtrail[name] := data.evident.checks.cloudtrail[name].violation

# METADATA
# entrypoint: true
aws_config[name] := data.evident.checks.aws_config[name].violation
