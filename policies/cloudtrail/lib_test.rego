package evident.lib.cloudtrail_test

import rego.v1

import data.evident.lib.cloudtrail as ct
import data.evident.test.cloudtrail as fx

_rec := fx.record("cloudtrail.amazonaws.com", "StopLogging", {"name": "org-trail"})

test_envelopes if {
	ct.records == {_rec} with input as fx.normalised(_rec)
	ct.records == {_rec} with input as fx.eventbridge(_rec)
	ct.records == {_rec} with input as _rec
	count(ct.records) == 2 with input as fx.log_file([_rec, fx.denied(_rec)])
}

test_success if {
	ct.success(_rec)
	not ct.success(fx.denied(_rec))
	not ct.success(object.union(_rec, {"errorCode": "ThrottlingException"}))
	ct.success(object.union(_rec, {"errorCode": null}))
	not ct.success(object.union(_rec, {"eventName": "ConsoleLogin", "responseElements": {"ConsoleLogin": "Failure"}}))
}

test_versioned_event_names if {
	ct.event_name({"eventName": "AddPermission20150331v2"}) == "AddPermission"
	ct.event_name({"eventName": "UpdateFunctionCode20150331"}) == "UpdateFunctionCode"
	ct.event_name({"eventName": "CreateDistribution2020_05_31"}) == "CreateDistribution"
	ct.event_name({"eventName": "DeleteBucketEncryption"}) == "DeleteBucketEncryption"
	ct.event_name({"eventName": "GetObject9"}) == "GetObject9"
	ct.event_name({"eventName": ""}) == ""
	ct.call(fx.record("lambda.amazonaws.com", "AddPermission20150331v2", {}), "lambda.amazonaws.com", {"AddPermission"})
	not ct.call(fx.record("lambda.amazonaws.com", "AddPermissionX", {}), "lambda.amazonaws.com", {"AddPermission"})
}

test_actor if {
	ct.actor(_rec) == "arn:aws:sts::123456789012:assumed-role/PlatformEngineer/alice"
	ct.actor({"userIdentity": {"type": "Root", "arn": ""}}) == "root"
	ct.actor({"userIdentity": {"type": "AWSService", "invokedBy": "config.amazonaws.com"}}) == "config.amazonaws.com"
	ct.actor({}) == "an unknown principal"
}

test_params_as_json_string if {
	ct.params({"requestParameters": `{"bucketName": "lims-records"}`}).bucketName == "lims-records"
	ct.params({"requestParameters": null}) == {}
	ct.params({"requestParameters": "not json"}) == {}
}

test_documents if {
	ct.document(`{"Statement": []}`) == {"Statement": []}
	ct.document("%7B%22Statement%22%3A%5B%5D%7D") == {"Statement": []}
	ct.document({"Statement": []}) == {"Statement": []}
	not ct.document("invalid-json-policy")
	ct.statements({"Statement": {"Effect": "Allow"}}) == [{"Effect": "Allow"}]
}

test_public_statement if {
	ct.public_statement({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"})
	ct.public_statement({"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}, "Action": "s3:GetObject"})
	not ct.public_statement({"Effect": "Deny", "Principal": "*", "Action": "s3:*"})
	not ct.public_statement({"Effect": "Allow", "Principal": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}})
	not ct.public_statement({"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}})
}

test_external_account if {
	ct.external_account("111122223333", _rec)
	not ct.external_account("123456789012", _rec)
	not ct.external_account("bob", _rec)
	not ct.external_account("111122223333", _rec) with data.evident.config.trusted_accounts as ["111122223333"]
}

test_allowlists if {
	ct.regulated_bucket("anything")
	not ct.regulated_bucket("scratch") with data.evident.config.regulated_buckets as ["lims-*", "phi-*"]
	ct.regulated_bucket("phi-claims") with data.evident.config.regulated_buckets as ["lims-*", "phi-*"]
	ct.audit_log_group("/aws/eks/prod/cluster")
	ct.audit_log_group("aws-cloudtrail-logs-123456789012-a1b2")
	ct.audit_log_group("/aws/rds/instance/lims/postgresql")
	not ct.audit_log_group("/aws/lambda/thumbnailer")
	not ct.break_glass("arn:aws:iam::123456789012:role/BreakGlass")
	ct.break_glass("BreakGlass") with data.evident.config.break_glass_principals as ["BreakGlass*"]
}

test_numbers if {
	ct.number("22") == 22
	ct.number(22) == 22
	not ct.number("ssh")
}
