package dev.kms4j.remote;
