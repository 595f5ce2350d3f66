#!/usr/bin/python3
"""The seed's Python snippets (uSmart's help page, "Replace a file in a dataset" and "Refresh the
output pipelines"), run N times: the baseline of `bin/usmart bench replace-refresh`.

usage: seed_replace_refresh.py N FILE_GUID DATASET_GUID FIRST FILE [FILE...]
  environment: USMART_BASE_URL, USMART_ORG, USMART_API_KEY_ID, USMART_API_KEY_SECRET
Replaces the file with FILE[(FIRST + i) % len] for i in 0..N (one untimed round first), then
refreshes every output pipeline of the dataset, as the snippets do: one requests call each, no
session kept. Prints the seconds the N timed rounds took.
"""
import json
import os
import sys
import time

import requests

BASE = os.environ["USMART_BASE_URL"] + "/org/" + os.environ["USMART_ORG"]
HEADERS = {
    "api-key-secret": os.environ["USMART_API_KEY_SECRET"],
    "api-key-id": os.environ["USMART_API_KEY_ID"],
    "Content-Type": "application/json",
}


def generatePutRequest_from_s3(fileName):
    response = requests.request("POST", BASE + "/s3:generatePutRequest", headers=HEADERS,
                                data=json.dumps({"fileName": fileName}))
    return response.json()


def dataset_file_update(filename, file_guid):
    name = os.path.basename(filename)
    getS3Putrequest = generatePutRequest_from_s3(name)
    signedRequest_url = getS3Putrequest["result"]["signedRequest"]
    with open(filename, "rb") as f:
        put = requests.put(signedRequest_url, headers={"Content-Type": getS3Putrequest["result"]["contentType"]}, data=f)
    put.raise_for_status()
    payload = json.dumps({
        "reference": getS3Putrequest["result"]["reference"],
        "fileName": name,
        "fileGUID": file_guid,
        "fileSize": os.path.getsize(filename),
        "action": "file:updateRevision",
    })
    response = requests.request("POST", BASE + "/file:updateRevision", headers=HEADERS, data=payload)
    response.raise_for_status()
    return response.json()


def dataset_view(dataset_guid):
    response = requests.request("POST", BASE + "/dataset:view", headers=HEADERS,
                                data=json.dumps({"datasetGUID": dataset_guid}))
    response.raise_for_status()
    return response.json()


def resource_container_process(guid):
    response = requests.request("POST", BASE + "/resourceContainer:process", headers=HEADERS,
                                data=json.dumps({"resourceContainerGUID": guid}))
    response.raise_for_status()
    return response.json()


def refresh_all(dataset_guid):
    view = dataset_view(dataset_guid)["result"]
    for rc in view.get("resourceContainers", []):
        resource_container_process(rc["resourceContainerGUID"])


def main():
    n, file_guid, dataset_guid, first, files = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
    dataset_file_update(files[first % len(files)], file_guid)
    refresh_all(dataset_guid)
    t0 = time.monotonic()
    for i in range(1, n + 1):
        dataset_file_update(files[(first + i) % len(files)], file_guid)
        refresh_all(dataset_guid)
    print(f"{time.monotonic() - t0:.4f}")


if __name__ == "__main__":
    main()
