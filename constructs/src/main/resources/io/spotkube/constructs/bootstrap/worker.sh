# ---- worker.sh: join the cluster as a worker ------------------------------------------------
main() {
  trap on_exit EXIT
  prepare_directories
  read_instance_identity
  install_aws_cli
  prepare_kernel
  install_packages
  wait_for_join_material
  write_join_config
  run_kubeadm_quietly join --config "$KUBEADM_CONFIG"
  log "worker $NODE_NAME joined; labels under *.k8s.io/*.kubernetes.io come from the control plane"
}

main "$@"
