package evident.checks.cloudtrail.ebs_snapshot_or_ami_public_test

import rego.v1

import data.evident.checks.cloudtrail.ebs_snapshot_or_ami_public as check
import data.evident.test.cloudtrail as fx

_snapshot(items) := fx.record("ec2.amazonaws.com", "ModifySnapshotAttribute", {"snapshotId": "snap-0a1b2c3d4e5f67890", "attributeType": "CREATE_VOLUME_PERMISSION", "createVolumePermission": {"add": {"items": items}}})

_image(items) := fx.record("ec2.amazonaws.com", "ModifyImageAttribute", {"imageId": "ami-0a1b2c3d4e5f67890", "attributeType": "launchPermission", "launchPermission": {"add": {"items": items}}})

test_public_snapshot if {
	fx.paths(check.violation) == {"requestParameters.createVolumePermission.add.items[0]"} with input as fx.normalised(_snapshot([{"group": "all"}]))
}

test_external_account_ami_eventbridge if {
	vs := check.violation with input as fx.eventbridge(_image([{"userId": "123456789012"}, {"userId": "444455556666"}]))
	fx.paths(vs) == {"requestParameters.launchPermission.add.items[1]"}
	some v in vs
	contains(v.msg, "external account 444455556666")
}

test_trusted_account if {
	count(check.violation) == 0 with input as fx.normalised(_image([{"userId": "444455556666"}])) with data.evident.config.trusted_accounts as ["444455556666"]
}

test_removal_and_denied if {
	removal := fx.record("ec2.amazonaws.com", "ModifySnapshotAttribute", {"snapshotId": "snap-1", "attributeType": "CREATE_VOLUME_PERMISSION", "createVolumePermission": {"remove": {"items": [{"group": "all"}]}}})
	count(check.violation) == 0 with input as fx.normalised(removal)
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_snapshot([{"group": "all"}])))
}
