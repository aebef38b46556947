package evident.checks.terraform.efs_encrypted_test

import data.evident.checks.terraform.efs_encrypted as check
import data.evident.lib.terraform_testing as t

fs(enc) := t.rcu("aws_efs_file_system.home", "aws_efs_file_system", {"encrypted": enc}, {"id": true})

backup(status) := t.rcu("aws_efs_backup_policy.home", "aws_efs_backup_policy", {"backup_policy": [{"status": status}]}, {"file_system_id": true})

refs := {"aws_efs_backup_policy.home": {"file_system_id": ["aws_efs_file_system.home"]}}

test_unencrypted_without_backup_fires_twice if {
	count(check.violation) == 2 with input as t.plan([fs(false)])
}

test_encrypted_and_backed_up_passes if {
	count(check.violation) == 0 with input as t.plan_refs([fs(true), backup("ENABLED")], refs)
}

test_backup_disabled_fires if {
	vs := check.violation with input as t.plan_refs([fs(true), backup("DISABLED")], refs)
	count(vs) == 1
	some v in vs
	contains(v.msg, "no automatic backups")
}
