package evident.checks.terraform.secrets_rotation_test

import data.evident.checks.terraform.secrets_rotation as check
import data.evident.lib.terraform_testing as t

secret := t.rcu("module.db.aws_secretsmanager_secret.this[0]", "aws_secretsmanager_secret", {"name": "db/master"}, {"id": true, "arn": true})

rotation(rules) := t.rcu("aws_secretsmanager_secret_rotation.db", "aws_secretsmanager_secret_rotation", {"rotation_rules": [rules]}, {"secret_id": true})

refs := {"aws_secretsmanager_secret_rotation.db": {"secret_id": ["module.db.aws_secretsmanager_secret.this[0]"]}}

test_no_rotation_fires if {
	vs := check.violation with input as t.plan([secret])
	count(vs) == 1
	some v in vs
	v.resource == "module.db.aws_secretsmanager_secret.this[0]"
}

test_rotation_30_days_passes if {
	count(check.violation) == 0 with input as t.plan_refs([secret, rotation({"automatically_after_days": 30})], refs)
	count(check.violation) == 0 with input as t.plan_refs([secret, rotation({"schedule_expression": "rate(10 days)"})], refs)
	count(check.violation) == 0 with input as t.plan_refs([secret, rotation({"schedule_expression": "cron(0 16 1,15 * ? *)"})], refs)
}

test_rotation_too_slow_fires if {
	vs := check.violation with input as t.plan_refs([secret, rotation({"automatically_after_days": 365})], refs)
	count(vs) == 1
	some v in vs
	v.resource == "aws_secretsmanager_secret_rotation.db"
	count(check.violation) == 1 with input as t.plan_refs([secret, rotation({"schedule_expression": "rate(180 days)"})], refs)
}
