#!/usr/bin/env bash
# Build a tiny bootable guest from Debian packages, without the internet beyond
# the Debian mirror: the kernel of linux-image-cloud-amd64 and an initramfs of
# busybox-static that prints "nova-lite tiny guest booted" on ttyS0 and stays up
# (it powers off on the ACPI power button, so a clean shutdown and a soft reboot
# work). With 128 MiB of RAM it reaches userspace in about 5 s under TCG.
#
#   devstack/lib/tiny-image.sh OUTDIR   # -> OUTDIR/{vmlinuz,initrd.img,disk.raw}
#
# Idempotent: files already in OUTDIR are kept.
set -euo pipefail

OUT=${1:?usage: tiny-image.sh OUTDIR}
BOOT_LINE="nova-lite tiny guest booted"
mkdir -p "$OUT"
if [ -s "$OUT/vmlinuz" ] && [ -s "$OUT/initrd.img" ] && [ -s "$OUT/disk.raw" ]; then
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the real kernel package behind the metapackage (linux-image-6.1.0-N-cloud-amd64)
kernel_pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null \
    | awk '/Depends: linux-image-/ {print $2; exit}')
[ -n "$kernel_pkg" ] || { echo "tiny-image: no linux-image-cloud-amd64 in apt (apt-get update?)" >&2; exit 1; }
(cd "$work" && apt-get download -q "$kernel_pkg" busybox-static >/dev/null 2>&1) \
    || { echo "tiny-image: apt-get download $kernel_pkg busybox-static failed" >&2; exit 1; }
for deb in "$work"/*.deb; do
    dpkg-deb -x "$deb" "$work/pkgs"
done
kver=$(ls "$work/pkgs/lib/modules")
busybox=$work/pkgs/bin/busybox

root=$work/initramfs
mkdir -p "$root"/{bin,dev,proc,sys,etc/acpi/PWRF,lib/modules}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
# virtio (disk, console) and the ACPI power button (evdev for busybox acpid), in load order
modules=""
for mod in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci \
           virtio_blk virtio_console button evdev; do
    path=$(find "$work/pkgs/lib/modules/$kver" -name "$mod.ko*" | head -1)
    [ -n "$path" ] || continue
    cp "$path" "$root/lib/modules/"
    modules="$modules $(basename "$path")"
done
cat >"$root/etc/acpi/PWRF/00000080" <<'SH'
#!/bin/sh
echo "nova-lite tiny guest: power button, powering off"
sync
poweroff -f
SH
chmod +x "$root/etc/acpi/PWRF/00000080"
cat >"$root/init" <<SH
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for mod in $modules; do insmod /lib/modules/\$mod 2>/dev/null; done
acpid -d -c /etc/acpi >/dev/console 2>&1 &
[ -e /sys/block/vda ] && echo "nova-lite tiny guest: root disk vda \$(cat /sys/block/vda/size) sectors"
echo "$BOOT_LINE"
while true; do
    setsid cttyhack sh
    sleep 1
done
SH
chmod +x "$root/init"
(cd "$root" && find . | "$busybox" cpio -o -H newc 2>/dev/null | gzip -9) >"$OUT/initrd.img.tmp"
cp "$work/pkgs/boot/vmlinuz-$kver" "$OUT/vmlinuz.tmp"
# the root disk: 1 MiB, raw; the guest runs from its initramfs and only sees it as vda
truncate -s 1M "$OUT/disk.raw.tmp"
for name in vmlinuz initrd.img disk.raw; do
    mv "$OUT/$name.tmp" "$OUT/$name"
done
