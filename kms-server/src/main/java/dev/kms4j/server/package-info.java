package dev.kms4j.server;
