//! Generated gRPC types and stubs for the Basilica validator protocol (`proto/`).

#![allow(clippy::all, clippy::pedantic, missing_docs)]

pub mod basilca {
    pub mod common {
        pub mod v1 {
            tonic::include_proto!("basilca.common.v1");
        }
    }
    pub mod miner {
        pub mod v1 {
            tonic::include_proto!("basilca.miner.v1");
        }
    }
}

/// The file descriptor set for server reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] = tonic::include_file_descriptor_set!("basilica_descriptor");
