package evident.checks.terraform.kms_key_destroy_test

import data.evident.checks.terraform.kms_key_destroy as check
import data.evident.lib.terraform_testing as t

test_destroying_phi_key_fires if {
	k := t.destroy("aws_kms_key.phi", "aws_kms_key", {"tags_all": {"data-classification": "phi"}, "deletion_window_in_days": 30})
	vs := check.violation with input as t.plan([k])
	count(vs) == 1
	some v in vs
	v.path == "change.actions"
}

test_replacing_key_fires if {
	k := t.replace("aws_kms_key.phi", "aws_kms_key", {"tags": {"data-classification": "gxp"}}, {"tags": {"data-classification": "gxp"}, "deletion_window_in_days": 30})
	count(check.violation) == 1 with input as t.plan([k])
}

test_destroying_public_key_passes if {
	k := t.destroy("aws_kms_key.web", "aws_kms_key", {"tags_all": {"data-classification": "public"}})
	count(check.violation) == 0 with input as t.plan([k])
}

test_disabled_and_short_window_fire if {
	k := t.rc("aws_kms_key.k", "aws_kms_key", {"is_enabled": false, "deletion_window_in_days": 7})
	count(check.violation) == 2 with input as t.plan([k])
}

test_healthy_key_passes if {
	k := t.noop("aws_kms_key.k", "aws_kms_key", {"is_enabled": true, "deletion_window_in_days": 30, "enable_key_rotation": true})
	count(check.violation) == 0 with input as t.plan([k])
}
