package evident.checks.terraform.backup_vault_lock_test

import data.evident.checks.terraform.backup_vault_lock as check
import data.evident.lib.terraform_testing as t

vault := t.rc("aws_backup_vault.phi", "aws_backup_vault", {"name": "phi", "kms_key_arn": "arn:aws:kms:eu-west-1:111122223333:key/1"})

lock(days) := t.rcu("aws_backup_vault_lock_configuration.phi", "aws_backup_vault_lock_configuration", {"min_retention_days": days, "changeable_for_days": 3}, {"backup_vault_name": true})

refs := {"aws_backup_vault_lock_configuration.phi": {"backup_vault_name": ["aws_backup_vault.phi"]}}

plan_rule(days) := t.rc("aws_backup_plan.daily", "aws_backup_plan", {"name": "daily", "rule": [{"rule_name": "daily", "target_vault_name": "phi", "lifecycle": [{"delete_after": days}]}]})

test_unlocked_vault_fires if {
	count(check.violation) == 1 with input as t.plan([vault])
}

test_locked_vault_and_long_plan_pass if {
	count(check.violation) == 0 with input as t.plan_refs([vault, lock(35), plan_rule(35)], refs)
}

test_short_lock_and_plan_fire if {
	vs := check.violation with input as t.plan_refs([vault, lock(7), plan_rule(14)], refs)
	{v.path | some v in vs} == {"after.min_retention_days", "after.rule[0].lifecycle[0].delete_after"}
}

test_lock_joined_by_name if {
	l := t.rc("aws_backup_vault_lock_configuration.phi", "aws_backup_vault_lock_configuration", {"backup_vault_name": "phi", "min_retention_days": 35})
	count(check.violation) == 0 with input as t.raw([vault, l])
}
