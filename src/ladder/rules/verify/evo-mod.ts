// The official SC: Evo Complete mod's fingerprints in force when the test replays were
// recorded (facts from ../shared/replays/EVO_MOD.md). A community keeps them in configuration;
// these are the defaults.

import type { ModFingerprints } from './mod-fingerprint.js';

/** Default fingerprints of the official mod, per Battle.net region. */
export const defaultEvoModFingerprints: ModFingerprints = {
  regions: {
    americas: {
      main: [
        { hash: 'b7d36bc55a372aa70cf7487201ece8cd4c8ec556b2f8bc9cf23c58f824a2fa37' },
        { hash: '2e154e624504f224c71fdd906b28b5838e75570d8ec00fedac5628d48986e3f0' },
        { hash: '3cf63ac85997c731faa8912f85eb7b7cf29c283d207eb8b1795efad68e3fc40d' },
        { hash: '7ee88ffcec2c30bfe1de55ab7c3529daad47034dba6ea31c3c6a7e87dcb49d0e' },
        { hash: '22d5e623eda52554adb437bf479b30b8949e7b1166cf97176a76e5c985e44de4' },
        { hash: '84cfc99c1c0940c6e901c68ff4d7be9a82eada8a7c671f4a37ecc1ced5f16c60' },
        { hash: '4adfa218e4508c3d0e5704e052c5bf7cff7302aa9a5f7ab4dfb8695d8be5dd4e' },
        { hash: '785bdfceb92ebe200131404b09aa667fa937c379a772937107f19c4957ef28cb' },
        { hash: '7da3f4fbfd974d7e74f8ab36482c2e1bf647be886c1cfcc543e692fd56be7845' },
      ],
      art: [
        { hash: '62a93c838ed30973b590ce216ad194ceab18cde326458a0e647757bb8e19fbb8' },
        { hash: '9a34fa229d4cfecf7b0a7e2d1d569c04d788536b10b8c51c29f20671f680e3b7' },
      ],
    },
    europe: {
      main: [
        { hash: 'b7d36bc55a372aa70cf7487201ece8cd4c8ec556b2f8bc9cf23c58f824a2fa37' },
        { hash: '2e154e624504f224c71fdd906b28b5838e75570d8ec00fedac5628d48986e3f0' },
        { hash: '3cf63ac85997c731faa8912f85eb7b7cf29c283d207eb8b1795efad68e3fc40d' },
        { hash: '7ee88ffcec2c30bfe1de55ab7c3529daad47034dba6ea31c3c6a7e87dcb49d0e' },
        { hash: '22d5e623eda52554adb437bf479b30b8949e7b1166cf97176a76e5c985e44de4' },
        { hash: '84cfc99c1c0940c6e901c68ff4d7be9a82eada8a7c671f4a37ecc1ced5f16c60' },
        { hash: '2850ae24b296784df2465824b620c55cb0bab0c9ef90c64dd76395c06287fb54' },
        { hash: '785bdfceb92ebe200131404b09aa667fa937c379a772937107f19c4957ef28cb' },
        { hash: '71ed5f976646faf269911c66c23a011f785bff41fa7101f76347e0385f07d700' },
      ],
      art: [
        { hash: '62a93c838ed30973b590ce216ad194ceab18cde326458a0e647757bb8e19fbb8' },
        { hash: '9a34fa229d4cfecf7b0a7e2d1d569c04d788536b10b8c51c29f20671f680e3b7' },
      ],
    },
    asia: {
      main: [
        { hash: '03f1f49a5bed617f65e05ed69a90f174366e2c088d00cdf41b387f5420498ce0' },
        { hash: '7810afa3149da5e7af2c300f53e40bd4fc58c5d2f9792662a6473deef3470fda' },
        { hash: 'ddfabbff28769e8a38b0eacb7157749057eaaefbe5386679b045886d5a50b72c' },
        { hash: '878293c6362942b2be1e9faac6247f813ef95997a165dfbcfb8e3d61bbd0a4a4' },
        { hash: 'b3ac615c87268581b0fb0f5be6f53c5b83f5507ecbe9f48b1c23186fa121cb2f' },
        { hash: 'e41a761ee12e590a4ee2843456af9d83ec5d729cf0ddb7421d0ff99e584aee74' },
        { hash: 'cdeee52b8bd6c17c11a457f6c90eef008ec92aa1dd08e59852799983508211d4' },
        { hash: 'd65ac18a52c92c37b5fb2cb6034b1c81f9f719267eb1022fb963e44d4fd58819' },
        { hash: 'cee430374020ed96a759d66bf5d8fc746b3223952f44ed1e11c243ac7a7721a7' },
        { hash: '469a68a9a2054ace31339b63984bb07cde1ce2d1d14459d1731bd1452e5a6f06' },
        { hash: '21c96950ffa1a6757f3e40201448490aaba0a64a3bdcddefbd8dcd08aa979ae6' },
        { hash: '4d9f6773aa99ca7031d84fcf5ded99132aa87969cc55f2b83b8bb6217c47e6b5' },
        { hash: '22d5e623eda52554adb437bf479b30b8949e7b1166cf97176a76e5c985e44de4' },
        { hash: '84cfc99c1c0940c6e901c68ff4d7be9a82eada8a7c671f4a37ecc1ced5f16c60' },
        { hash: '2850ae24b296784df2465824b620c55cb0bab0c9ef90c64dd76395c06287fb54' },
        { hash: '9cbbe014baec25f9ebd85b6085110c3dda9a3f42d57c8d13f771b434802a14cb' },
      ],
      art: [
        { hash: 'e0115753c097dbb9000ed88684e7cc5dfb9bff1d63299f30613d593b27ce0151' },
        { hash: '080b7d7164985186f7131cb28f836f90ec4dace8debfd1c1e8f002f710a1acba' },
        { hash: '7ad2920f396f03a88c7e4bd91785aa8f5a15d0e41c01b0e60e6167fc173cbf1f' },
        { hash: '53c43fd3b0bfcfd8681576b68a50409d72d356a862d43db7c35bfcad40164f6b' },
        { hash: '595d32d1f8beb45e8724a88c1bb5bed5c82dba23b611f22250320efe8e3dfcc7' },
        { hash: '0771cbe9d5f50fee07939f6c725649f8a0ec7b030e9af7be3ea29e0fe00fe0f5' },
        { hash: 'bc2da9277ed9b7125043e9f90405e16b937cff47f5b7366d0037e2a9aa5e8203' },
      ],
    },
  },
  allowedExtras: [
    { hash: 'a82574424df77ddd820fda006c1094cbcb3186606b401608dadf3e450eda51f7' },
    { hash: '7f41411aa597f4b46440d42a563348bf53822d2a68112f0104f9b891f6f05ae1' },
    { hash: '658e520aa5deb48866dc2b21b023daa9a291be4cf22fd9d785ca67f178132a87' },
    { hash: '6062b70f1485cf2320631d0f32a649c6b24af534ce087166d07cb7c4babdc92a' },
  ],
};
