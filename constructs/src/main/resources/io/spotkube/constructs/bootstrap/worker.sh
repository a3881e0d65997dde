# ---- worker.sh: join the cluster as a worker ------------------------------------------------
# With a client certificate of its own (node-credential.sh), never the shared bootstrap token.
main() {
  trap on_exit EXIT
  prepare_directories
  read_instance_identity
  install_aws_cli
  prepare_kernel
  install_packages
  wait_for_join_material
  request_node_credential
  write_discovery_kubeconfig
  write_worker_join_config
  run_kubeadm_quietly join --config "$KUBEADM_CONFIG"
  log "worker $NODE_NAME joined; labels under *.k8s.io/*.kubernetes.io come from the control plane"
}

main "$@"
