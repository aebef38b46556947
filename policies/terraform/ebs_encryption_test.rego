package evident.checks.terraform.ebs_encryption_test

import data.evident.checks.terraform.ebs_encryption as check
import data.evident.lib.terraform_testing as t

lt(enc) := t.rc("aws_launch_template.gpu", "aws_launch_template", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": enc, "volume_size": 200}]}]})

test_unencrypted_volume_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_ebs_volume.data", "aws_ebs_volume", {"encrypted": false})])
	count(vs) == 1
}

test_encrypted_volume_passes if {
	count(check.violation) == 0 with input as t.plan([t.rc("aws_ebs_volume.data", "aws_ebs_volume", {"encrypted": true})])
	count(check.violation) == 0 with input as t.plan([t.rcu("aws_ebs_volume.data", "aws_ebs_volume", {}, {"encrypted": true})])
}

test_instance_root_device_fires if {
	vs := check.violation with input as t.plan([t.rc("aws_instance.i", "aws_instance", {"root_block_device": [{"encrypted": false}]})])
	count(vs) == 1
	some v in vs
	v.path == "after.root_block_device[0].encrypted"
}

test_default_encryption_off_fires if {
	count(check.violation) == 1 with input as t.plan([t.rc("aws_ebs_encryption_by_default.this", "aws_ebs_encryption_by_default", {"enabled": false})])
}

# Launch templates carry a tri-state string.
test_launch_template_strings if {
	count(check.violation) == 1 with input as t.plan([lt("false")])
	count(check.violation) == 0 with input as t.plan([lt("true")])
	count(check.violation) == 1 with input as t.plan([lt("")])
	count(check.violation) == 0 with input as t.plan([lt(""), t.rc("aws_ebs_encryption_by_default.this", "aws_ebs_encryption_by_default", {"enabled": true})])
	count(check.violation) == 1 with input as t.plan([lt("false"), t.rc("aws_ebs_encryption_by_default.this", "aws_ebs_encryption_by_default", {"enabled": true})])
}
