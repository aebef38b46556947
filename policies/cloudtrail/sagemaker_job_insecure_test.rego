package evident.checks.cloudtrail.sagemaker_job_insecure_test

import rego.v1

import data.evident.checks.cloudtrail.sagemaker_job_insecure as check
import data.evident.test.cloudtrail as fx

_key := "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

_training := {
	"trainingJobName": "esm2-finetune-2024-05-14",
	"algorithmSpecification": {"trainingImage": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/esm2:1.3", "trainingInputMode": "File"},
	"roleArn": "arn:aws:iam::123456789012:role/sagemaker-training",
	"inputDataConfig": [{"channelName": "train", "dataSource": {"s3DataSource": {"s3DataType": "S3Prefix", "s3Uri": "s3://phi-sequences/train/"}}}],
	"outputDataConfig": {"s3OutputPath": "s3://lims-models/esm2/", "kmsKeyId": _key},
	"resourceConfig": {"instanceType": "ml.p4d.24xlarge", "instanceCount": 2, "volumeSizeInGB": 500, "volumeKmsKeyId": _key},
	"vpcConfig": {"securityGroupIds": ["sg-0a1b2c3d"], "subnets": ["subnet-0a1b2c3d"]},
	"enableNetworkIsolation": true,
	"enableInterContainerTrafficEncryption": true,
	"stoppingCondition": {"maxRuntimeInSeconds": 86400},
}

_create(name, params) := fx.record("sagemaker.amazonaws.com", name, params)

test_secure_training_job if {
	count(check.violation) == 0 with input as fx.normalised(_create("CreateTrainingJob", _training))
}

test_training_job_missing_everything if {
	params := json.remove(_training, ["vpcConfig", "enableNetworkIsolation", "enableInterContainerTrafficEncryption", "resourceConfig/volumeKmsKeyId", "outputDataConfig/kmsKeyId"])
	fx.paths(check.violation) == {
		"requestParameters.enableNetworkIsolation",
		"requestParameters.vpcConfig",
		"requestParameters.resourceConfig.volumeKmsKeyId",
		"requestParameters.outputDataConfig.kmsKeyId",
		"requestParameters.enableInterContainerTrafficEncryption",
	} with input as fx.normalised(_create("CreateTrainingJob", params))
}

test_unregulated_input_bucket if {
	params := json.remove(_training, ["vpcConfig"])
	count(check.violation) == 1 with input as fx.normalised(_create("CreateTrainingJob", params)) with data.evident.config.regulated_buckets as ["phi-*"]
	count(check.violation) == 0 with input as fx.normalised(_create("CreateTrainingJob", params)) with data.evident.config.regulated_buckets as ["gxp-*"]
}

test_tuning_job_eventbridge if {
	params := {"hyperParameterTuningJobName": "esm2-hpo", "trainingJobDefinition": json.remove(_training, ["trainingJobName", "enableNetworkIsolation"])}
	fx.paths(check.violation) == {"requestParameters.trainingJobDefinition.enableNetworkIsolation"} with input as fx.eventbridge(_create("CreateHyperParameterTuningJob", params))
}

test_processing_job if {
	params := {
		"processingJobName": "featurize",
		"processingInputs": [{"inputName": "raw", "s3Input": {"s3Uri": "s3://phi-sequences/raw/", "localPath": "/opt/ml/processing/input"}}],
		"processingOutputConfig": {"outputs": [], "kmsKeyId": _key},
		"processingResources": {"clusterConfig": {"instanceCount": 1, "instanceType": "ml.m5.xlarge", "volumeSizeInGB": 30}},
		"networkConfig": {"enableNetworkIsolation": true, "enableInterContainerTrafficEncryption": true, "vpcConfig": {"subnets": ["subnet-1"], "securityGroupIds": ["sg-1"]}},
	}
	fx.paths(check.violation) == {"requestParameters.processingResources.clusterConfig.volumeKmsKeyId"} with input as fx.normalised(_create("CreateProcessingJob", params))
}

test_transform_job if {
	params := {"transformJobName": "score", "modelName": "tox", "transformInput": {"dataSource": {"s3DataSource": {"s3Uri": "s3://phi-claims/batch/"}}}, "transformOutput": {"s3OutputPath": "s3://phi-claims/out/"}, "transformResources": {"instanceType": "ml.m5.large", "instanceCount": 1, "volumeKmsKeyId": _key}}
	fx.paths(check.violation) == {"requestParameters.transformOutput.kmsKeyId"} with input as fx.normalised(_create("CreateTransformJob", params))
}

test_denied if {
	count(check.violation) == 0 with input as fx.normalised(fx.denied(_create("CreateTrainingJob", json.remove(_training, ["vpcConfig"]))))
}
