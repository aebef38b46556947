package evident.checks.terraform.ecr_scan_on_push_test

import data.evident.checks.terraform.ecr_scan_on_push as check
import data.evident.lib.terraform_testing as t

repo(scan) := t.rc("aws_ecr_repository.models", "aws_ecr_repository", {"name": "ml/models", "image_scanning_configuration": [{"scan_on_push": scan}]})

registry(filter) := t.rc("aws_ecr_registry_scanning_configuration.this", "aws_ecr_registry_scanning_configuration", {"scan_type": "ENHANCED", "rule": [{"scan_frequency": "CONTINUOUS_SCAN", "repository_filter": [{"filter": filter, "filter_type": "WILDCARD"}]}]})

test_no_scan_fires if {
	count(check.violation) == 1 with input as t.plan([repo(false)])
}

test_scan_on_push_passes if {
	count(check.violation) == 0 with input as t.plan([repo(true)])
}

test_registry_rule_covers if {
	count(check.violation) == 0 with input as t.plan([repo(false), registry("*")])
	count(check.violation) == 0 with input as t.plan([repo(false), registry("ml/*")])
	count(check.violation) == 1 with input as t.plan([repo(false), registry("web/*")])
}
